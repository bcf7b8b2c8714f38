import type { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { PriceIndicators, priceIndicatorsPlugin } from './price-indicators';

/** A 1-second bar ring with closes `closes` from t = 0. */
function bars(closes: number[]): ColumnarRing {
  const ring = new ColumnarRing(600, 6);
  closes.forEach((c, i) => ring.push(i * 1_000, c, c, c, c, 1));
  return ring;
}

/** A chart whose axes map 1 s to 1 px and price to itself (RSI to half), recording what is drawn. */
function fakeChart() {
  const calls: string[] = [];
  const ctx: Record<string, unknown> = {};
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      calls.push(`${name} ${args.map((a) => (typeof a === 'number' ? a : '')).join(' ')}`.trim());
  Object.assign(ctx, {
    save() {},
    restore() {},
    rect() {},
    clip() {},
    beginPath: record('begin'),
    moveTo: record('move'),
    lineTo: record('line'),
    stroke: record('stroke'),
    fillText: (text: string) => calls.push(`label ${text}`),
    fillRect: record('bar'),
  });
  const chart = {
    ctx,
    chartArea: { left: 0, top: 0, right: 100, bottom: 100 },
    scales: {
      x: { min: 0, max: 10_000, getPixelForValue: (v: number) => v / 1_000 },
      y: { top: 0, bottom: 80, getPixelForValue: (v: number) => v },
      rsi: { getPixelForValue: (v: number) => 100 - v / 2 },
    },
  };
  return { chart: chart as unknown as Chart, calls };
}

describe('PriceIndicators', () => {
  it("computes the price line's SMA over 1-second closes, NaN until the period is filled", () => {
    const source = new PriceIndicators(bars([]));
    const ring = bars([1, 2, 3, 4, 5]);
    source.set([{ kind: 'sma', period: 3 }], ring);
    const [sma] = source.lines();
    // Points sit mid-bar; the newest (forming) bar is peeked, not folded in.
    expect(sma!.lines[0]!.map((p) => [p.x, p.y])).toEqual([
      [500, NaN],
      [1_500, NaN],
      [2_500, 2],
      [3_500, 3],
      [4_500, 4],
    ]);
    // More bars: only those are folded in.
    ring.push(5_000, 9, 9, 9, 9, 1);
    expect(source.lines()[0]!.lines[0]!.at(-1)).toEqual({ x: 5_500, y: 6 });
  });

  it('draws nothing without indicators and restarts on new specs', () => {
    const ring = bars([1, 2, 3]);
    const source = new PriceIndicators(ring);
    expect(source.lines()).toEqual([]);
    source.set([{ kind: 'ema', period: 2 }], ring);
    expect(source.lines()[0]!.spec).toEqual({ kind: 'ema', period: 2 });
    source.set([], ring);
    expect(source.lines()).toEqual([]);
  });
});

function draw(source: PriceIndicators, chart: Chart): void {
  priceIndicatorsPlugin(source, () => 'grey').afterDatasetsDraw!(
    chart,
    {} as never,
    {} as never,
    {} as never,
  );
}

describe('priceIndicatorsPlugin', () => {
  it('strokes each defined point over the line, breaking at NaN, with the name top left', () => {
    const source = new PriceIndicators(bars([]));
    source.set([{ kind: 'sma', period: 2 }], bars([10, 20, 30]));
    const { chart, calls } = fakeChart();
    draw(source, chart);
    // The clip's path, the name, then the line from its first defined point.
    expect(calls).toEqual([
      'begin',
      'label SMA 2',
      'begin',
      'move 1.5 15',
      'line 2.5 25',
      'stroke',
    ]);
  });

  it("strokes RSI on the sub-pane's scale, not the price's", () => {
    const source = new PriceIndicators(bars([]));
    // Two changes, both up: RSI 2 is 100 from the third close.
    source.set([{ kind: 'rsi', period: 2 }], bars([10, 11, 12, 13]));
    expect(source.rsiPane).toBe(true);
    const { chart, calls } = fakeChart();
    draw(source, chart);
    expect(calls).toEqual([
      'begin',
      'label RSI 2',
      'begin',
      'move 2.5 50',
      'line 3.5 50',
      'stroke',
    ]);
  });

  it('fills a volume bar per second up from the pane bottom, the tallest a quarter high', () => {
    const ring = new ColumnarRing(600, 6);
    [2, 4, 1].forEach((v, i) => ring.push(i * 1_000, 5, 5, 5, 5, v));
    const source = new PriceIndicators(ring);
    source.set([{ kind: 'volume' }], ring);
    expect(source.rsiPane).toBe(false);
    const { chart, calls } = fakeChart();
    draw(source, chart);
    // The pane is 80 px high: 20 px for the tallest (4); each bar centred mid-second, at
    // least 1 px wide (0.8 of a second is 0.8 px here).
    expect(calls).toEqual([
      'begin',
      'label Volume',
      'bar 0 70 1 10',
      'bar 1 60 1 20',
      'bar 2 75 1 5',
    ]);
  });

  it('draws VWAP over the price, from the bars’ typical price and volume', () => {
    const ring = new ColumnarRing(600, 6);
    ring.push(0, 10, 10, 10, 10, 1);
    ring.push(1_000, 20, 20, 20, 20, 3);
    const source = new PriceIndicators(ring);
    source.set([{ kind: 'vwap' }], ring);
    const { chart, calls } = fakeChart();
    draw(source, chart);
    // (10 × 1 + 20 × 3) / 4 = 17.5 at the second bar.
    expect(calls).toEqual([
      'begin',
      'label VWAP',
      'begin',
      'move 0.5 10',
      'line 1.5 17.5',
      'stroke',
    ]);
  });
});
