import { _adapters } from 'chart.js';
import { format as dateFnsFormat } from 'date-fns';
import { describe, expect, it, vi } from 'vitest';
import 'chartjs-adapter-date-fns';
import { MAX_REMEMBERED_LABELS, rememberedLabels, rememberTimeLabels } from './tick-labels';

describe('rememberedLabels', () => {
  it('formats a time in a format once, and gives the same label after', () => {
    const format = vi.fn((t: number, f: string) => `${f}:${t}`);
    const remembered = rememberedLabels(format);
    expect(remembered.call(undefined as never, 1_000, 'HH:mm')).toBe('HH:mm:1000');
    expect(remembered.call(undefined as never, 1_000, 'HH:mm')).toBe('HH:mm:1000');
    expect(remembered.call(undefined as never, 1_000, 'HH:mm:ss')).toBe('HH:mm:ss:1000');
    expect(format).toHaveBeenCalledTimes(2);
  });

  it('keeps at most MAX_REMEMBERED_LABELS, starting afresh when full', () => {
    const format = vi.fn((t: number) => String(t));
    const remembered = rememberedLabels(format);
    for (let t = 0; t <= MAX_REMEMBERED_LABELS; t++) remembered.call(undefined as never, t, 'x');
    // The first label was dropped with the rest when the cache filled.
    remembered.call(undefined as never, 0, 'x');
    expect(format).toHaveBeenCalledTimes(MAX_REMEMBERED_LABELS + 2);
  });
});

describe("the charts' date adapter (registerCharts makes it remember)", () => {
  it('labels times as date-fns does, with the adapter as `this`', () => {
    const proto = (_adapters._date as unknown as { prototype: { format: unknown } }).prototype;
    const dateFns = proto.format;
    rememberTimeLabels();
    expect(proto.format).not.toBe(dateFns);
    const adapter = new _adapters._date();
    const t = Date.UTC(2026, 11, 3, 18, 4, 5);
    expect(adapter.format(t, 'HH:mm:ss')).toBe(dateFnsFormat(t, 'HH:mm:ss'));
    expect(adapter.format(t, 'HH:mm:ss')).toBe(dateFnsFormat(t, 'HH:mm:ss'));
    expect(adapter.format(t + 60_000, 'HH:mm')).toBe(dateFnsFormat(t + 60_000, 'HH:mm'));
  });
});
