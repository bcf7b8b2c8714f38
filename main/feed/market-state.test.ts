import { describe, expect, it } from 'vitest';
import type { MarketTick } from '../../protocol/feed';
import { BAR_C, BAR_H, BAR_HISTORY, BAR_L, BAR_O, BAR_T, BAR_V } from './market-bars';
import { MarketState } from './market-state';
import { SERIES_BUCKET_MS } from './series-bucket';
import { SERIES_CAPACITY, SERIES_PRICE, SERIES_T } from './market-history';
import { MarketColumns } from './market-state-columns';
import { TAPE_T } from './depth-state';

const T0 = 1_700_000_000_000;

function trade(
  ts: number,
  price: number,
  size = 1,
  extra: { high?: number; low?: number; count?: number } = {},
): MarketTick {
  return { instrument: 'A', seq: 0, ts, kind: 'trade', price, size, side: 'buy', ...extra };
}

function quote(ts: number, bid: number, ask: number): MarketTick {
  return { instrument: 'A', seq: 0, ts, kind: 'quote', bid, ask, bidSize: 5, askSize: 6 };
}

describe('MarketState', () => {
  it('tracks last trade, session high/low, volume and change since open', () => {
    const m = new MarketState();
    m.applyTick(trade(T0, 100, 2));
    m.applyTick(trade(T0 + 1, 103, 1, { high: 104, low: 99, count: 3 }));
    m.applyTick(quote(T0 + 2, 102.5, 103.5));
    expect(m.row('A')).toMatchObject({
      last: 103,
      open: 100,
      high: 104,
      low: 99,
      volume: 3,
      trades: 4,
      bid: 102.5,
      ask: 103.5,
      ts: T0 + 2,
    });
  });

  it('builds OHLCV bars per interval, aggregated trades included', () => {
    const m = new MarketState();
    m.applyTick(trade(T0, 100, 1));
    m.applyTick(trade(T0 + 300, 98, 2, { high: 101, low: 97 }));
    m.applyTick(trade(T0 + 1_000, 99, 1));
    const oneSecond = m.bars[0]!.ring;
    expect(oneSecond.length).toBe(2);
    const bar = [BAR_T, BAR_O, BAR_H, BAR_L, BAR_C, BAR_V].map((c) => oneSecond.at(0, c));
    expect(bar).toEqual([T0, 100, 101, 97, 98, 3]);
    expect(m.bars[2]!.ring.length).toBe(1); // one 1-minute bar so far
  });

  it('keeps the first point, the extremes and the last point of each series bucket', () => {
    const m = new MarketState();
    const t = T0 - (T0 % SERIES_BUCKET_MS);
    const ticks = [
      [0, 10],
      [1, 12],
      [1, 11.5],
      [2, 8],
      [3, 11],
      [SERIES_BUCKET_MS, 9],
    ] as const;
    for (const [dt, p] of ticks) m.applyTick(trade(t + dt, p));
    expect(m.series.slice(SERIES_PRICE, 0)).toEqual([10, 12, 8, 11, 9]);
    expect(m.series.slice(SERIES_T, 0)).toEqual([t, t + 1, t + 2, t + 3, t + SERIES_BUCKET_MS]);
  });

  it('sealing before a batch ends the series at the latest price', () => {
    const m = new MarketState();
    m.applyTick(trade(T0, 10));
    m.applyTick(trade(T0, 11)); // same millisecond, same bucket
    expect(m.sealSeries()).toBe(true);
    expect(m.series.slice(SERIES_PRICE, 0)).toEqual([10, 11]);
    expect(m.sealSeries()).toBe(false);
    m.applyTick(trade(T0 + 1, 12)); // the same bucket's time, after a seal: a fresh point
    expect(m.series.last(SERIES_PRICE)).toBe(12);
  });

  it('a read of the series seals the bucket in progress: every point folded so far is in it', () => {
    const m = new MarketState();
    for (const [dt, p] of [
      [0, 10],
      [1, 12],
      [2, 8],
      [3, 11],
    ] as const)
      m.applyTick(trade(T0 + dt, p));
    expect(m.series.slice(SERIES_PRICE, 0)).toEqual([10, 12, 8, 11]);
    expect(m.sealSeries()).toBe(false);
  });

  it('a snapshot replaces the values but keeps the history', () => {
    const m = new MarketState();
    m.applyTick(trade(T0, 100, 5));
    m.applySnapshot({
      kind: 'market',
      bid: 90,
      ask: 91,
      bidSize: 1,
      askSize: 1,
      open: 95,
      high: 101,
      low: 89,
      last: 90.5,
      lastSize: 3,
      volume: 1_000,
      trades: 40,
      ts: T0 + 5,
    });
    expect(m.row('A')).toMatchObject({ last: 90.5, volume: 1_000, open: 95, trades: 40 });
    expect(m.series.length).toBe(1);
  });

  // Under mutation testing (Stryker's workers set STRYKER_MUTATOR_WORKER) two million
  // instrumented ticks overrun any per-mutant time bound; the tests below kill the ring mutants.
  it.skipIf(process.env.STRYKER_MUTATOR_WORKER !== undefined)(
    'memory stays bounded after two million ticks',
    () => {
      const m = new MarketState();
      for (let i = 0; i < 2_000_000; i++) {
        const ts = T0 + i;
        if (i % 2) m.applyTick(trade(ts, 100 + (i % 7)));
        else m.applyTick(quote(ts, 99, 101));
      }
      expect(m.series.length).toBe(SERIES_CAPACITY);
      expect(m.series.allocatedRows).toBe(SERIES_CAPACITY);
      for (const bars of m.bars) expect(bars.ring.allocatedRows).toBeLessThanOrEqual(BAR_HISTORY);
      expect(m.trades).toBe(1_000_000);
    },
  );

  it('allocates history as it arrives, not up front', () => {
    const m = new MarketState();
    for (let i = 0; i < 100; i++) m.applyTick(trade(T0 + i * SERIES_BUCKET_MS, 100 + (i % 3)));
    expect(m.series.length).toBe(100);
    expect(m.series.allocatedRows).toBe(128);
    for (const bars of m.bars) expect(bars.ring.allocatedRows).toBeLessThan(BAR_HISTORY);
  });

  it('a lower series capacity keeps the newest points, and the bucket in progress', () => {
    const m = new MarketState();
    for (let i = 0; i < 1_000; i++) m.applyTick(trade(T0 + i * SERIES_BUCKET_MS, i));
    m.applyTick(trade(T0 + 999 * SERIES_BUCKET_MS + 1, 5_000)); // same bucket, not yet sealed
    m.setSeriesCapacity(100);
    // Reading seals the bucket in progress: its last point is the newest.
    expect([m.series.start, m.series.end]).toEqual([901, 1_001]);
    expect(m.series.slice(SERIES_PRICE, 0)).toEqual([
      ...Array.from({ length: 99 }, (_, i) => 901 + i),
      5_000,
    ]);
    expect(m.sealSeries()).toBe(false);
    expect(m.series.length).toBe(100);
  });

  it('a quote-only feed opens, and draws its series, at the mid', () => {
    const m = new MarketState();
    m.applyTick(quote(T0, 99, 101));
    m.applyTick(quote(T0 + SERIES_BUCKET_MS, 100, 104));
    expect(m.row('A')).toMatchObject({ open: 100, high: 100, low: 100, bid: 100, ask: 104 });
    expect(m.series.slice(SERIES_PRICE, 0)).toEqual([100, 102]);
  });

  it("a late tick does not move the instrument's time back", () => {
    const m = new MarketState();
    m.applyTick(trade(T0 + 50, 100));
    m.applyTick(trade(T0 + 10, 101));
    expect(m.row('A').ts).toBe(T0 + 50);
    expect(m.row('A').last).toBe(101);
  });

  it("trades go to the tape, book ticks to the book, and a snapshot's book with it", () => {
    const m = new MarketState();
    m.applyTick(trade(T0, 100, 3));
    expect(m.depth.tape.length).toBe(1);
    m.applyTick({
      instrument: 'A',
      seq: 0,
      ts: T0 + 1,
      kind: 'book',
      full: true,
      bids: [[99, 5]],
      asks: [[101, 6]],
    });
    expect(m.toSnapshot().book).toEqual({ bids: [[99, 5]], asks: [[101, 6]] });
    const copy = new MarketState();
    copy.applySnapshot(m.toSnapshot());
    expect(copy.depth.bookValid).toBe(true);
    expect(copy.toSnapshot().book).toEqual({ bids: [[99, 5]], asks: [[101, 6]] });
  });

  it('a series that starts at time 0 keeps its first bucket like any other', () => {
    // Recordings and tests may count time from 0: bucket 0 is a bucket, not "none open".
    const m = new MarketState();
    for (const [t, p] of [
      [0, 10],
      [1, 12],
      [2, 8],
      [3, 11],
    ] as const)
      m.applyTick(trade(t, p));
    expect(m.sealSeries()).toBe(true);
    expect(m.series.slice(SERIES_PRICE, 0)).toEqual([10, 12, 8, 11]);
    expect(m.series.slice(SERIES_T, 0)).toEqual([0, 1, 2, 3]);
  });

  it('a bucket keeps the first of equal extremes, and a lone point seals to nothing', () => {
    const m = new MarketState();
    const t = T0 - (T0 % SERIES_BUCKET_MS);
    for (const [dt, p] of [
      [0, 10],
      [1, 8],
      [2, 12],
      [3, 8],
      [4, 12],
      [5, 10],
    ] as const)
      m.applyTick(trade(t + dt, p));
    expect(m.sealSeries()).toBe(true);
    expect(m.series.slice(SERIES_T, 0)).toEqual([t, t + 1, t + 2, t + 5]);
    m.applyTick(trade(t + SERIES_BUCKET_MS, 9));
    const points = m.series.length;
    expect(m.sealSeries()).toBe(false);
    expect(m.series.length).toBe(points);
  });

  it('a seek keeps the history up to its time and starts a fresh bucket there', () => {
    const m = new MarketState();
    const cut = T0 + 50_000;
    for (let i = 0; i < 6; i++) m.applyTick(trade(T0 + i * 20_000, 100 + i));
    // The bucket in progress (after the cut) has unsealed extremes: the seek must drop them too.
    m.applyTick(trade(T0 + 100_001, 90));
    m.applyTick(trade(T0 + 100_002, 95));
    const epoch = m.historyEpoch;
    m.keepHistoryUpTo(cut);
    expect(m.historyEpoch).toBe(epoch + 1);
    expect(m.series.slice(SERIES_T, 0)).toEqual([T0, T0 + 20_000, T0 + 40_000]);
    // No bar carries a price from after the cut: the one open there holds the trades up to it.
    for (const bars of m.bars) {
      for (const start of bars.ring.slice(BAR_T, 0)) expect(start).toBeLessThanOrEqual(cut);
      expect(bars.ring.last(BAR_C)).toBe(102);
      expect(bars.ring.last(BAR_H)).toBeLessThanOrEqual(102);
    }
    // The next tick opens its own bucket: it is in the series at once.
    m.applyTick(trade(cut + 1, 120));
    expect(m.series.slice(SERIES_T, 0)).toEqual([T0, T0 + 20_000, T0 + 40_000, cut + 1]);
  });

  it("a seek drops the tape's trades after its time: they are the new position's future", () => {
    const m = new MarketState();
    const cut = T0 + 50_000;
    for (let i = 0; i < 6; i++) m.applyTick(trade(T0 + i * 20_000, 100 + i));
    const version = m.depth.version;
    m.keepHistoryUpTo(cut);
    expect(m.depth.tape.slice(TAPE_T, 0)).toEqual([T0, T0 + 20_000, T0 + 40_000]);
    // Consumers see the tape changed, and the trades played again after the cut join it.
    expect(m.depth.version).toBeGreaterThan(version);
    m.applyTick(trade(cut + 1, 120));
    expect(m.depth.tape.slice(TAPE_T, 0)).toEqual([T0, T0 + 20_000, T0 + 40_000, cut + 1]);
  });

  it('its snapshot, applied to a fresh state, gives the same row', () => {
    const m = new MarketState();
    expect(m.complete).toBe(false);
    m.applySnapshot({
      kind: 'market',
      bid: 99.9,
      ask: 100.1,
      bidSize: 3,
      askSize: 4,
      open: 98,
      high: 101,
      low: 97,
      last: 100,
      lastSize: 2,
      volume: 500,
      trades: 12,
      ts: T0,
    });
    expect(m.complete).toBe(true);
    m.applyTick(trade(T0 + 10, 102, 7, { count: 3, high: 102.5, low: 99.5 }));
    m.applyTick(quote(T0 + 20, 101.9, 102.1));
    const copy = new MarketState();
    copy.applySnapshot(m.toSnapshot());
    expect(copy.row('A')).toEqual(m.row('A'));
    expect(m.toSnapshot()).toMatchObject({ high: 102.5, volume: 507, trades: 15, ts: T0 + 20 });
  });

  it('moved into a new table, keeps its values, its open bucket and its history', () => {
    const t = T0 - (T0 % SERIES_BUCKET_MS);
    const table = new MarketColumns();
    const [a, b] = [new MarketState(table), new MarketState(table)];
    a.applyTick(trade(t, 100, 2));
    a.applyTick(trade(t + 1, 104));
    b.applyTick(quote(t, 50, 51));
    const before = a.row('A');
    const moved = new MarketColumns();
    new MarketState(moved).applyTick(quote(t, 1, 2)); // the table's first record is another's
    a.moveTo(moved);
    expect(a.row('A')).toEqual(before);
    expect(b.row('B')).toMatchObject({ bid: 50, ask: 51, last: 0 });
    expect(a.bucketOpen).toBe(true);
    a.applyTick(trade(t + 2, 103));
    expect(a.sealSeries()).toBe(true);
    expect(a.series.slice(SERIES_PRICE, 0)).toEqual([100, 104, 103]);
  });

  it('holds each point once, whether the open bucket is read before its second point or not', () => {
    const t = T0 - (T0 % SERIES_BUCKET_MS);
    const m = new MarketState();
    m.applyTick(trade(t, 10));
    expect(m.series.slice(SERIES_PRICE, 0)).toEqual([10]); // read while pending
    m.applyTick(trade(t + 1, 12));
    m.applyTick(trade(t + SERIES_BUCKET_MS, 9)); // seals the first bucket, opens another
    expect(m.sealSeries()).toBe(false); // a one-point bucket: nothing new to report
    m.applyTick(trade(t + 2 * SERIES_BUCKET_MS, 8));
    expect(m.series.slice(SERIES_PRICE, 0)).toEqual([10, 12, 9, 8]);
  });
});
