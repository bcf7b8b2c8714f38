import { describe, expect, it } from 'vitest';
import { ChartView, MIN_ZOOM_SPAN_MS, applyKey, type ViewBounds } from './chart-view';

const MIN = 60_000;
/** Five minutes shown of ten held, newest at t = 10 min. */
const at = (end: number): ViewBounds => ({
  live: { start: end - 5 * MIN, end },
  oldest: end - 10 * MIN,
});

describe('ChartView', () => {
  it('follows the live window until the user moves it', () => {
    const v = new ChartView();
    expect(v.following).toBe(true);
    expect(v.range(at(10 * MIN).live)).toEqual({ start: 5 * MIN, end: 10 * MIN });
  });

  it('a pan back in time stops following and holds still while data streams in', () => {
    const v = new ChartView();
    v.pan(-0.5, at(10 * MIN));
    expect(v.following).toBe(false);
    const held = { start: 2.5 * MIN, end: 7.5 * MIN };
    expect(v.range(at(10 * MIN).live)).toEqual(held);
    expect(v.range(at(11 * MIN).live)).toEqual(held);
  });

  it('back to live (or End) follows again at the live window', () => {
    const v = new ChartView();
    v.pan(-0.5, at(10 * MIN));
    let calls = 0;
    v.subscribe(() => calls++);
    expect(applyKey(v, 'End', at(11 * MIN))).toBe(true);
    expect(v.following).toBe(true);
    expect(v.range(at(11 * MIN).live)).toEqual({ start: 6 * MIN, end: 11 * MIN });
    expect(calls).toBe(1);
  });

  it('zooming in while following keeps following at the narrower span', () => {
    const v = new ChartView();
    applyKey(v, '+', at(10 * MIN));
    expect(v.following).toBe(true);
    expect(v.range(at(12 * MIN).live)).toEqual({ start: 12 * MIN - 4 * MIN, end: 12 * MIN });
  });

  it('a wheel zoom away from the live edge, then a pan, hold the view', () => {
    const v = new ChartView();
    // The plugin reports the range it zoomed to, about the pointer at 7 min.
    v.setRange(6 * MIN, 8 * MIN, at(10 * MIN));
    expect(v.following).toBe(false);
    applyKey(v, 'ArrowLeft', at(10 * MIN));
    expect(v.range(at(10 * MIN).live).end).toBeCloseTo(8 * MIN - 0.2 * MIN);
  });

  it('panning right up to the newest point follows again', () => {
    const v = new ChartView();
    v.pan(-0.2, at(10 * MIN));
    expect(v.following).toBe(false);
    v.pan(0.5, at(10 * MIN));
    expect(v.following).toBe(true);
  });

  it('clamps zoom to the narrowest span and to the history held', () => {
    const v = new ChartView();
    v.setRange(7 * MIN, 7 * MIN + 10, at(10 * MIN));
    const r = v.range(at(10 * MIN).live);
    expect(r.end - r.start).toBe(MIN_ZOOM_SPAN_MS);
    v.setRange(-50 * MIN, 2 * MIN, at(10 * MIN));
    expect(v.range(at(10 * MIN).live)).toEqual({ start: 0, end: 10 * MIN });
    expect(v.following).toBe(true);
  });

  it('a time range picked while held or zoomed follows the live edge at the picked range', () => {
    const v = new ChartView();
    v.pickRange(5 * MIN, 5_000);
    v.setRange(6 * MIN, 7.5 * MIN, at(10 * MIN));
    expect(v.following).toBe(false);
    // The first pick, and the same one again, leave the view where the user put it.
    v.pickRange(5 * MIN, 5_000);
    expect(v.following).toBe(false);
    const fifteen = { live: { start: -5 * MIN, end: 10 * MIN }, oldest: -5 * MIN };
    v.pickRange(15 * MIN, 5_000);
    expect(v.following).toBe(true);
    expect(v.range(fifteen.live)).toEqual(fifteen.live);
    // Zoomed in at the live edge (following, narrower), then a new candle size: the whole range.
    applyKey(v, '+', fifteen);
    expect(v.range(fifteen.live).start).toBeGreaterThan(fifteen.live.start);
    v.pickRange(15 * MIN, 60_000);
    expect(v.range(fifteen.live)).toEqual(fifteen.live);
  });

  it('ignores keys it does not use', () => {
    const v = new ChartView();
    expect(applyKey(v, 'a', at(10 * MIN))).toBe(false);
    expect(v.version).toBe(0);
  });
});
