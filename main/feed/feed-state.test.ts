import { describe, expect, it } from 'vitest';
import { BAR_INTERVALS_MS } from '../../protocol/batch';
import type { Batch } from '../../protocol/batch';
import type { Tick } from '../../protocol/feed';
import { Batcher } from './batcher';
import { SERIES_FLOOR_POINTS } from '../../shared/history-budget';
import { ODDS_FLOOR_POINTS } from './history-budget';
import { BAR_HISTORY } from './market-bars';
import { SERIES_CAPACITY, SERIES_PRICE, SERIES_T } from './market-history';
import { ODDS_HISTORY } from './match-state';
import { FeedState } from './feed-state';
import type { ColumnarRing } from '../../shared/columnar-ring';
import {
  HEALTH,
  T0,
  market,
  marketSnapshot,
  match,
  matchSnapshot,
  trade,
} from '../../test-support/engine-fixtures';

/** Bytes of typed arrays a ring has allocated. */
const ringBytes = (ring: ColumnarRing) => ring.allocatedRows * ring.columnCount * 8;

/** Bytes of rings every market instrument allocated before rings grew on demand. */
const FIXED_MARKET_BYTES = (SERIES_CAPACITY * 2 + BAR_INTERVALS_MS.length * BAR_HISTORY * 6) * 8;

/** Feeds `count` ticks to each market, one series point apiece (50 ms apart). */
function feed(state: FeedState, ids: readonly string[], count: number, seqs: number[]) {
  const ticks = ids.flatMap((id, i) =>
    Array.from({ length: count }, () => {
      const seq = ++seqs[i]!;
      return trade(id, seq, 100 + (seq % 13), T0 + seq * 50);
    }),
  );
  expect(state.applyTicks(ticks, () => {})).toBe(ticks.length);
}

/** The rows a consumer's first batch carries, odds history aside (a snapshot holds none). */
function rowsOf(state: FeedState) {
  const got: Batch[] = [];
  const batcher = new Batcher(state, () => {});
  batcher.attach((b) => got.push(b));
  batcher.flush(T0, () => HEALTH, 0);
  return {
    market: got[0]!.market,
    sports: got[0]!.sports.map(({ oddsDelta: _, ...row }) => row),
  };
}

const KICK_OFF = matchSnapshot({
  clockMs: 60_000,
  odds: { home: 2.1, draw: 3.2, away: 3.5 },
  ts: T0,
});

describe('FeedState', () => {
  it('stays within fixed memory after millions of ticks', () => {
    const state = new FeedState();
    const ids = Array.from({ length: 20 }, (_, i) => `I${i}`);
    state.setInstruments(ids.map(market));
    const seqs = new Array<number>(ids.length).fill(0);
    for (let round = 0; round < 1_000; round++) {
      // 100 ticks per instrument per round, 10 ms apart: 2M ticks over ~17 simulated minutes.
      const ticks = ids.flatMap((id, i) =>
        Array.from({ length: 100 }, (_, k) =>
          trade(id, ++seqs[i]!, 100 + Math.sin(round + k), T0 + (round * 100 + k) * 10),
        ),
      );
      expect(state.applyTicks(ticks, () => {})).toBe(ticks.length);
    }
    for (const m of state.markets.values()) {
      expect(m.series.length).toBe(SERIES_CAPACITY);
      expect(m.series.allocatedRows).toBe(SERIES_CAPACITY);
      for (const bars of m.bars) expect(bars.ring.length).toBeLessThanOrEqual(BAR_HISTORY);
      expect(m.trades).toBe(100_000);
    }
    expect(state.sequence.resumePoints().size).toBe(20);
  });

  it('drops instruments that left, and keeps the state of those that stayed', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), market('B'), match('m1')]);
    state.applyTicks([trade('A', 1, 10)], () => {});
    const a = state.markets.get('A');
    state.setInstruments([market('A')]);
    expect([...state.markets.keys()]).toEqual(['A']);
    expect(state.markets.get('A')).toBe(a);
    expect(state.matches.size).toBe(0);
    expect(state.applyTicks([trade('B', 1, 10)], () => {})).toBe(0);
  });

  it('refuses a conflated tick that overlaps events already folded, rather than count them twice', () => {
    const state = new FeedState();
    state.setInstruments([market('A')]);
    const gaps: string[] = [];
    state.applySnapshot({ op: 'snapshot', instrument: 'A', seq: 10, state: marketSnapshot(100) });
    state.applyTicks([trade('A', 11, 101), trade('A', 12, 102)], (id) => gaps.push(id));
    // Events 11 to 13 in one aggregate: 11 and 12 are already in the state.
    const aggregate = (seq: number, price: number): Tick => ({
      instrument: 'A',
      seq,
      ts: T0 + seq,
      kind: 'trade',
      price,
      side: 'buy',
      size: 3,
      count: 3,
      conflated: 3,
    });
    expect(state.applyTicks([aggregate(13, 103)], (id) => gaps.push(id))).toBe(0);
    expect(gaps).toEqual(['A']);
    expect(state.markets.get('A')!.toSnapshot()).toMatchObject({ last: 102, volume: 2, trades: 2 });
    // The exact continuation (events 13 to 15) is folded once the snapshot has repaired it.
    state.applySnapshot({ op: 'snapshot', instrument: 'A', seq: 12, state: marketSnapshot(102) });
    expect(state.applyTicks([aggregate(15, 105)], () => {})).toBe(1);
    expect(state.markets.get('A')!.toSnapshot()).toMatchObject({ last: 105, volume: 3, trades: 3 });
  });

  it('ignores ticks of instruments the hello did not announce, keeping no sequence for them', () => {
    const state = new FeedState();
    state.setInstruments([market('A')]);
    const gaps: string[] = [];
    const strangers = Array.from({ length: 10_000 }, (_, i) => trade(`X${i}`, 1 + (i % 3), 10));
    expect(state.applyTicks(strangers, (id) => gaps.push(id))).toBe(0);
    expect(state.sequence.resumePoints().size).toBe(0);
    expect(gaps).toEqual([]);
    expect(state.applyTicks([trade('A', 1, 10)], () => {})).toBe(1);
    expect([...state.sequence.resumePoints().keys()]).toEqual(['A']);
  });

  it('reports a gap once and folds nothing more of that instrument until a snapshot', () => {
    const state = new FeedState();
    state.setInstruments([market('A')]);
    const gaps: string[] = [];
    state.applySnapshot({ op: 'snapshot', instrument: 'A', seq: 5, state: marketSnapshot(100) });
    state.applyTicks([trade('A', 6, 101), trade('A', 9, 104), trade('A', 10, 105)], (id) =>
      gaps.push(id),
    );
    expect(gaps).toEqual(['A']);
    expect(state.markets.get('A')!.last).toBe(101);
    state.applySnapshot({ op: 'snapshot', instrument: 'A', seq: 10, state: marketSnapshot(105) });
    state.applyTicks([trade('A', 11, 106)], () => {});
    expect(state.markets.get('A')!.last).toBe(106);
  });

  it('5,000 instruments fed a few ticks each allocate a small fraction of fixed rings', () => {
    const state = new FeedState();
    const ids = Array.from({ length: 5_000 }, (_, i) => `I${i}`);
    state.setInstruments(ids.map(market));
    feed(state, ids, 10, new Array<number>(ids.length).fill(0));
    let bytes = 0;
    for (const m of state.markets.values()) {
      expect(m.series.length).toBe(10);
      expect(m.series.capacity).toBe(SERIES_FLOOR_POINTS);
      bytes += ringBytes(m.series);
      for (const bars of m.bars) bytes += ringBytes(bars.ring);
    }
    // 2.5 KiB an instrument (12 MiB in all) against 137 KiB (0.65 GiB) when every ring was
    // allocated in full from the start.
    expect(bytes).toBeLessThan(0.02 * ids.length * FIXED_MARKET_BYTES);
  });

  it('a longer list lowers the history of the instruments it keeps, to their newest points', () => {
    const state = new FeedState();
    const few = Array.from({ length: 20 }, (_, i) => `I${i}`);
    const seqs = new Array<number>(5_000).fill(0);
    state.setInstruments(few.map(market));
    feed(state, few, SERIES_CAPACITY + 100, seqs);
    const a = state.markets.get('I0')!;
    expect([a.series.length, a.series.allocatedRows]).toEqual([SERIES_CAPACITY, SERIES_CAPACITY]);
    const newest = a.series.slice(SERIES_T, 0).slice(-SERIES_FLOOR_POINTS);

    const many = Array.from({ length: 5_000 }, (_, i) => `I${i}`);
    state.setInstruments(many.map(market));
    expect(state.markets.get('I0')).toBe(a);
    expect(a.series.end).toBe(SERIES_CAPACITY + 100);
    expect([a.series.length, a.series.allocatedRows]).toEqual([
      SERIES_FLOOR_POINTS,
      SERIES_FLOOR_POINTS,
    ]);
    expect(a.series.slice(SERIES_T, 0)).toEqual(newest);

    // Back to a short list: the full depth again, allocated as points arrive.
    state.setInstruments(few.map(market));
    expect(a.series.capacity).toBe(SERIES_CAPACITY);
    feed(state, few, 1_000, seqs);
    expect(a.series.length).toBe(SERIES_FLOOR_POINTS + 1_000);
    expect(a.series.last(SERIES_PRICE)).toBe(100 + (seqs[0]! % 13));
  });

  it('matches share the odds budget by their own count', () => {
    const state = new FeedState();
    const ids = Array.from({ length: 5_000 }, (_, i) => `m${i}`);
    state.setInstruments([market('A'), ...ids.map(match)]);
    expect(state.markets.get('A')!.series.capacity).toBe(SERIES_CAPACITY);
    expect(state.matches.get('m0')!.odds.capacity).toBe(ODDS_FLOOR_POINTS);
    state.setInstruments([market('A'), match('m0')]);
    expect(state.matches.get('m0')!.odds.capacity).toBe(ODDS_HISTORY);
  });

  it("a consumer's series carries on, without a reset, when a longer list cuts the rings", () => {
    const state = new FeedState();
    state.setInstruments([market('A')]);
    const got: Batch[] = [];
    const batcher = new Batcher(state, () => {});
    const consumer = batcher.attach((b) => got.push(b));
    const seqs = [0];
    let now = T0;
    const flushAndAck = () => {
      batcher.flush((now += 33), () => HEALTH, 0);
      consumer.ack(got.at(-1)!.seq);
    };
    feed(state, ['A'], 2_000, seqs);
    flushAndAck();
    state.setInstruments(Array.from({ length: 5_000 }, (_, i) => market(i ? `I${i}` : 'A')));
    feed(state, ['A'], 3, seqs);
    flushAndAck();
    const last = got.at(-1)!;
    expect(last.reset).toBe(false);
    expect(last.series.find((s) => s.id === 'A')!.price).toHaveLength(3);
  });

  it('its snapshots rebuild the same rows in a fresh state, leaving out what it cannot vouch for', () => {
    const list = [market('A'), match('m1'), market('B'), market('C'), market('D')];
    const state = new FeedState();
    state.setInstruments(list);
    state.applySnapshot({ op: 'snapshot', instrument: 'm1', seq: 10, state: KICK_OFF });
    state.applySnapshot({ op: 'snapshot', instrument: 'C', seq: 1, state: marketSnapshot(50) });
    state.applySnapshot({ op: 'snapshot', instrument: 'B', seq: 1, state: marketSnapshot(70) });
    state.applySnapshot({ op: 'snapshot', instrument: 'A', seq: 5, state: marketSnapshot(100) });
    const sports: Tick[] = [
      {
        instrument: 'm1',
        seq: 11,
        ts: T0 + 1,
        kind: 'incident',
        type: 'goal',
        team: 'home',
        clockMs: 61_000,
      },
      { instrument: 'm1', seq: 12, ts: T0 + 1, kind: 'score', home: 1, away: 0 },
      { instrument: 'm1', seq: 13, ts: T0 + 2, kind: 'odds', home: 1.5, draw: 4, away: 6 },
    ];
    const gaps: string[] = [];
    state.applyTicks(
      [
        trade('A', 6, 101),
        trade('A', 7, 99),
        ...sports,
        trade('B', 3, 72), // B skipped seq 2: it waits for a snapshot
        trade('C', 2, 51),
        trade('D', 1, 10), // D never had a snapshot: its state is only what ticks told
      ],
      (id) => gaps.push(id),
    );
    expect(gaps).toEqual(['B']);

    const snapshots = state.snapshots();
    // Hello order, whatever order the snapshots arrived in.
    expect(snapshots.map((s) => [s.instrument, s.seq])).toEqual([
      ['A', 7],
      ['m1', 13],
      ['C', 2],
    ]);
    const copy = new FeedState();
    copy.setInstruments(list);
    for (const snapshot of snapshots) expect(copy.applySnapshot(snapshot)).toBe('applied');
    const vouched = (rows: readonly { id: string }[]) =>
      rows.filter((r) => r.id === 'A' || r.id === 'C');
    expect(vouched(rowsOf(copy).market)).toEqual(vouched(rowsOf(state).market));
    expect(rowsOf(copy).sports).toEqual(rowsOf(state).sports);
    expect(rowsOf(copy).sports[0]).toMatchObject({ home: 1, newIncidents: [{ type: 'goal' }] });
    // The copy carries on from the same seqs.
    expect(copy.applyTicks([trade('A', 8, 102), trade('C', 3, 52)], () => {})).toBe(2);

    // B's resync snapshot makes it whole again; a seek leaves nothing to vouch for.
    state.applySnapshot({ op: 'snapshot', instrument: 'B', seq: 3, state: marketSnapshot(72) });
    expect(state.snapshots().map((s) => s.instrument)).toEqual(['A', 'm1', 'B', 'C']);
    state.seekTo(T0);
    expect(state.snapshots()).toEqual([]);
  });
});

describe('FeedState bookkeeping', () => {
  it('keeps everything when the same instrument list is announced again', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), match('m1')]);
    const versions = [state.instrumentsVersion, state.version];
    state.setInstruments([market('A'), match('m1')]);
    expect([state.instrumentsVersion, state.version]).toEqual(versions);
    state.setInstruments([market('A')]);
    expect(state.instrumentsVersion).toBe(versions[0]! + 1);
  });

  it('refuses a snapshot of an unknown instrument or of the other kind', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), match('m1')]);
    const version = state.version;
    expect(state.applySnapshot({ op: 'snapshot', instrument: 'Z', seq: 1, state: KICK_OFF })).toBe(
      'unknown',
    );
    expect(state.applySnapshot({ op: 'snapshot', instrument: 'A', seq: 1, state: KICK_OFF })).toBe(
      'unknown',
    );
    expect(
      state.applySnapshot({ op: 'snapshot', instrument: 'm1', seq: 1, state: marketSnapshot(1) }),
    ).toBe('unknown');
    expect(state.version).toBe(version);
    expect(state.applySnapshot({ op: 'snapshot', instrument: 'm1', seq: 1, state: KICK_OFF })).toBe(
      'applied',
    );
    expect(state.matches.get('m1')!.status).toBe('live');
    expect(state.version).toBe(version + 1);
  });

  it('sums conflated events, keeps the newest tick time, and changes only when it folds', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), match('m1')]);
    const version = state.version;
    expect(state.applyTicks([trade('Z', 1, 1)], () => {})).toBe(0);
    expect([state.version, state.newestTickTs]).toEqual([version, null]);
    state.applyTicks(
      [
        { ...trade('A', 3, 10, T0 + 50), conflated: 3 },
        { ...trade('A', 4, 11, T0 + 20) },
        { instrument: 'm1', seq: 2, ts: T0 + 30, kind: 'score', home: 1, away: 0, conflated: 2 },
      ],
      () => {},
    );
    expect([state.conflatedTicks, state.newestTickTs]).toEqual([3, T0 + 50]);
    expect(state.matches.get('m1')!.home).toBe(1);
    expect(state.version).toBe(version + 1);
  });

  it('tells whether the feed announced an instrument, of either kind', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), match('m1')]);
    expect([state.has('A'), state.has('m1'), state.has('Z')]).toEqual([true, true, false]);
  });

  it('offers one snapshot per instrument, only for states a snapshot made whole', () => {
    const state = new FeedState();
    state.setInstruments([market('A'), market('B'), market('A')]);
    state.applySnapshot({ op: 'snapshot', instrument: 'A', seq: 4, state: marketSnapshot(100) });
    state.applyTicks([trade('B', 1, 100)], () => {});
    expect(state.snapshots().map((s) => [s.instrument, s.seq])).toEqual([['A', 4]]);
  });

  it('changes only when sealing wrote a point, and starts a new epoch on a seek or a new source', () => {
    const state = new FeedState();
    state.setInstruments([market('A')]);
    let version = state.version;
    state.sealSeries();
    expect(state.version).toBe(version);
    state.applyTicks([trade('A', 1, 100, T0), trade('A', 2, 105, T0 + 1)], () => {});
    version = state.version;
    state.sealSeries();
    expect(state.version).toBe(version + 1);
    const epoch = state.epoch;
    state.seekTo(T0);
    expect(state.epoch).toBe(epoch + 1);
    expect(state.sequence.resumePoints().size).toBe(0);
    state.clear();
    expect([state.epoch, state.newestTickTs, state.has('A')]).toEqual([epoch + 2, null, false]);
  });
});

describe('the book and the tape', () => {
  const quote = (seq: number): Tick => ({
    instrument: 'ACME',
    seq,
    ts: T0 + seq,
    kind: 'quote',
    bid: 99,
    ask: 101,
    bidSize: 5,
    askSize: 7,
  });

  it('counts the seq of a tick kind it does not know, so the next tick is no gap', () => {
    const state = new FeedState();
    state.setInstruments([market('ACME')]);
    state.applySnapshot({ op: 'snapshot', instrument: 'ACME', seq: 0, state: marketSnapshot(100) });
    const future = { instrument: 'ACME', seq: 2, ts: T0, kind: 'auction' } as unknown as Tick;
    const gaps: string[] = [];
    state.applyTicks([quote(1), future, quote(3)], (id) => gaps.push(id));
    expect(gaps).toEqual([]);
    expect(state.markets.get('ACME')!.bid).toBe(99);
  });

  it('folds book ticks into the book and trades into the tape; a gap empties the book', () => {
    const state = new FeedState();
    state.setInstruments([market('ACME')]);
    state.applySnapshot({
      op: 'snapshot',
      instrument: 'ACME',
      seq: 0,
      state: {
        ...marketSnapshot(100),
        book: {
          bids: [
            [99, 5],
            [98, 1],
          ],
          asks: [[101, 7]],
        },
      },
    });
    const book: Tick = {
      instrument: 'ACME',
      seq: 1,
      ts: T0,
      kind: 'book',
      bids: [
        [98, 0],
        [97, 4],
      ],
      asks: [[102, 3]],
    };
    state.applyTicks([book, trade('ACME', 2, 101)], () => {});
    const depth = state.markets.get('ACME')!.depth;
    expect(depth.book!.bids).toEqual([
      [99, 5],
      [97, 4],
    ]);
    expect(depth.book!.asks).toEqual([
      [101, 7],
      [102, 3],
    ]);
    expect(depth.tape.length).toBe(1);
    state.applyTicks([trade('ACME', 5, 101)], () => {});
    expect(depth.bookValid).toBe(false);
    expect(depth.book!.bids).toEqual([]);
    expect(state.snapshots()).toEqual([]);
  });
});
