import type { Scale } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { compareOptions } from './compare-options';
import { PALETTES } from './palette';

describe('the compare chart’s options', () => {
  it('tick the time axis at a round step, as the price and candle charts do', () => {
    const x = compareOptions(PALETTES.dark, 'percent').scales!.x as {
      afterBuildTicks?: (axis: Scale) => void;
    };
    // Five minutes on 600 px, a label about 48 px wide: Chart.js on its own ticked every 19 s.
    const min = Date.UTC(2026, 11, 7, 1, 25, 56);
    const axis = {
      min,
      max: min + 300_000,
      width: 600,
      ctx: { save() {}, restore() {}, measureText: () => ({ width: 48 }), font: '' },
      ticks: [] as { value: number }[],
    };
    x.afterBuildTicks?.(axis as unknown as Scale);
    const steps = axis.ticks.slice(1).map((t, i) => t.value - axis.ticks[i]!.value);
    expect(axis.ticks.length).toBeGreaterThan(3);
    expect(new Set(steps)).toEqual(new Set([60_000]));
    expect(axis.ticks[0]!.value % 60_000).toBe(0);
  });
});
