import { describe, expect, it } from 'vitest';
import {
  addToBar,
  BAR_C,
  BAR_H,
  BAR_HISTORY,
  BAR_L,
  BAR_O,
  BAR_T,
  BAR_V,
  createBars,
  keepBarsUpTo,
} from './market-bars';

const T0 = 1_700_000_000_000;
const row = (bars: ReturnType<typeof createBars>[number], i: number) =>
  [BAR_T, BAR_O, BAR_H, BAR_L, BAR_C, BAR_V].map((c) => bars.ring.at(i, c));

describe('market bars', () => {
  it('has one empty ring per interval, shortest first, bounded to BAR_HISTORY', () => {
    const all = createBars();
    expect(all.map((b) => b.intervalMs)).toEqual([1_000, 5_000, 60_000]);
    for (const bars of all) {
      expect(bars.ring.length).toBe(0);
      expect(bars.ring.capacity).toBe(BAR_HISTORY);
    }
  });

  it('opens a bar at its interval start and folds later trades of the interval into it', () => {
    const [bars] = createBars();
    addToBar(bars!, T0 + 200, 100, 100, 100, 2);
    addToBar(bars!, T0 + 700, 98, 101, 97, 3);
    addToBar(bars!, T0 + 1_000, 99, 99, 99, 1);
    expect(bars!.ring.length).toBe(2);
    expect(row(bars!, 0)).toEqual([T0, 100, 101, 97, 98, 5]);
    expect(row(bars!, 1)).toEqual([T0 + 1_000, 99, 99, 99, 99, 1]);
    expect(bars!.updates).toBe(3);
  });

  it('a late trade updates the open bar rather than reopening a closed one', () => {
    const [bars] = createBars();
    addToBar(bars!, T0, 100, 100, 100, 1);
    addToBar(bars!, T0 + 1_000, 101, 101, 101, 1);
    addToBar(bars!, T0 + 500, 90, 90, 90, 4); // belongs to the first bar, which is drawn
    expect(bars!.ring.length).toBe(2);
    expect(row(bars!, 0)).toEqual([T0, 100, 100, 100, 100, 1]);
    expect(row(bars!, 1)).toEqual([T0 + 1_000, 101, 101, 90, 90, 5]);
  });

  it('a seek drops the bars still open at its time and every later one', () => {
    const [bars] = createBars();
    for (let i = 0; i < 5; i++) addToBar(bars!, T0 + i * 1_000, 100 + i, 100 + i, 100 + i, 1);
    const updates = bars!.updates;
    keepBarsUpTo(bars!, T0 + 2_500); // the bar of T0 + 2,000 was still open then
    expect(bars!.ring.slice(BAR_T, 0)).toEqual([T0, T0 + 1_000]);
    expect(bars!.updates).toBe(updates + 1);
  });
});
