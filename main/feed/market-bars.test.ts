import { describe, expect, it } from 'vitest';
import {
  addToBar,
  BAR_C,
  BAR_COLUMNS,
  BAR_H,
  BAR_HISTORY,
  BAR_L,
  BAR_O,
  BAR_T,
  BAR_V,
  createBars,
  keepBarsUpTo,
  syncBars,
} from './market-bars';
import { MarketColumns, OPEN_BARS } from './market-state-columns';
import { RingLog } from './ring-log';

const T0 = 1_700_000_000_000;

/**
 * The 1-second bars, their open bar in a record as a market keeps it, closed bars through a
 * bar log of two rows (so some tests fill it).
 */
function oneSecondBars() {
  const columns = new MarketColumns();
  const log = new RingLog(BAR_COLUMNS, 2);
  const at = columns.add() + OPEN_BARS;
  const bars = createBars()[0]!;
  const d = columns.data;
  return {
    add: (ts: number, price: number, high: number, low: number, size: number) =>
      addToBar(d, at, bars.intervalMs, bars, log, ts, price, high, low, size),
    /** The bars as a reader sees them: the open one written into the ring first. */
    read: () => {
      syncBars(d, at, bars, log);
      return bars;
    },
    keepUpTo: (t: number) => keepBarsUpTo(d, at, bars, log, t),
  };
}
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
    const { add, read } = oneSecondBars();
    add(T0 + 200, 100, 100, 100, 2);
    add(T0 + 700, 98, 101, 97, 3);
    add(T0 + 1_000, 99, 99, 99, 1);
    const bars = read();
    expect(bars.ring.length).toBe(2);
    expect(row(bars, 0)).toEqual([T0, 100, 101, 97, 98, 5]);
    expect(row(bars, 1)).toEqual([T0 + 1_000, 99, 99, 99, 99, 1]);
    expect(bars.updates).toBe(3);
  });

  it('an open bar read, then changed, is rewritten in place, not added again', () => {
    const { add, read } = oneSecondBars();
    add(T0, 100, 100, 100, 1);
    expect(row(read(), 0)).toEqual([T0, 100, 100, 100, 100, 1]);
    add(T0 + 300, 103, 103, 103, 2);
    add(T0 + 1_200, 101, 101, 101, 1);
    const bars = read();
    expect(bars.ring.length).toBe(2);
    expect(row(bars, 0)).toEqual([T0, 100, 103, 100, 103, 3]);
    expect(bars.updates).toBe(3);
    const version = bars.ring.version;
    read(); // nothing new: nothing rewritten, no update counted twice
    expect(bars.ring.version).toBe(version);
    expect(bars.updates).toBe(3);
  });

  it('a late trade updates the open bar rather than reopening a closed one', () => {
    const { add, read } = oneSecondBars();
    add(T0, 100, 100, 100, 1);
    add(T0 + 1_000, 101, 101, 101, 1);
    add(T0 + 500, 90, 90, 90, 4); // belongs to the first bar, which is drawn
    const bars = read();
    expect(bars.ring.length).toBe(2);
    expect(row(bars, 0)).toEqual([T0, 100, 100, 100, 100, 1]);
    expect(row(bars, 1)).toEqual([T0 + 1_000, 101, 101, 90, 90, 5]);
  });

  it('a seek drops the bars still open at its time and every later one', () => {
    const { add, read, keepUpTo } = oneSecondBars();
    for (let i = 0; i < 5; i++) add(T0 + i * 1_000, 100 + i, 100 + i, 100 + i, 1);
    const updates = read().updates;
    keepUpTo(T0 + 2_500); // the bar of T0 + 2,000 was still open then
    const bars = read();
    expect(bars.ring.slice(BAR_T, 0)).toEqual([T0, T0 + 1_000]);
    expect(bars.updates).toBe(updates + 1);
    add(T0 + 1_500, 90, 90, 90, 2); // late for the bar kept newest: it joins it, as before
    expect(row(read(), 1)).toEqual([T0 + 1_000, 101, 101, 90, 90, 3]);
  });
});
