/**
 * The batcher at its edges: match rows, the selected instrument's depth, resets, instruments
 * that leave, bars at the ring's boundary, and the exact health cadence. Written against the
 * mutants Stryker left alive in batcher.ts (docs/RELIABILITY.md, "Mutation testing").
 */
import { describe, expect, it } from 'vitest';
import { FLOW_WINDOW, type Batch } from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import type { Tick } from '../../protocol/feed';
import { Batcher, HEALTH_ONLY_INTERVAL_MS } from './batcher';
import { FeedState } from './feed-state';
import { BAR_HISTORY } from './market-bars';
import {
  HEALTH,
  T0,
  market,
  marketSnapshot,
  match,
  matchSnapshot,
  trade,
} from '../../test-support/engine-fixtures';

function odds(seq: number, home: number, ts = T0 + seq): Tick {
  return { instrument: 'm1', seq, ts, kind: 'odds', home, draw: 3, away: 4 };
}

/** Markets A and B and match m1, one consumer that acks what it gets (like a drawn page). */
function setup() {
  const state = new FeedState();
  state.setInstruments([market('A'), market('B'), match('m1')]);
  const latencies: [number, string][] = [];
  const batcher = new Batcher(state, (ms, id) => latencies.push([ms, id]));
  const got: Batch[] = [];
  const consumer = batcher.attach((b) => got.push(b));
  let now = T0;
  /** Flushes `advanceMs` later and acks; returns the batch sent, or null. */
  const flush = (advanceMs = 33): Batch | null => {
    const before = got.length;
    batcher.flush((now += advanceMs), () => HEALTH, 0);
    const batch = got.length > before ? got.at(-1)! : null;
    if (batch) consumer.ack(batch.seq);
    return batch;
  };
  const tick = (...ticks: Tick[]) => state.applyTicks(ticks, () => {});
  const declare = (interest: Partial<Interest>) =>
    consumer.declareInterest({ rows: [], charted: [], selected: null, ...interest });
  return { state, batcher, got, consumer, flush, tick, declare, latencies, now: () => now };
}

describe('Batcher: match rows', () => {
  it('sends a match row when the match changed, with only its new odds, and not otherwise', () => {
    const { flush, tick } = setup();
    expect(flush()!.sports.map((r) => r.id)).toEqual(['m1']); // the reset: every row
    tick(odds(1, 2.1), odds(2, 2.2));
    const first = flush()!;
    expect(first.sports).toHaveLength(1);
    expect(first.sports[0]).toMatchObject({ id: 'm1', odds: { home: 2.2, draw: 3, away: 4 } });
    expect(first.sports[0]!.oddsDelta.home).toEqual([2.1, 2.2]);
    tick(odds(3, 2.3));
    expect(flush()!.sports[0]!.oddsDelta.home).toEqual([2.3]);
    // A market tick alone leaves the match row out.
    tick(trade('A', 1, 10));
    const marketOnly = flush()!;
    expect(marketOnly.market.map((r) => r.id)).toEqual(['A']);
    expect(marketOnly.sports).toEqual([]);
  });

  it("samples latency from a match row's tick age, as from a market row's", () => {
    const { flush, tick, latencies, now } = setup();
    flush();
    tick(odds(1, 2.1, now() - 100));
    flush();
    expect(latencies).toEqual([[133, 'm1']]);
  });
});

describe('Batcher: batches and their fields', () => {
  it('flush() counts the batches it sent', () => {
    const { batcher, tick } = setup();
    batcher.attach(() => {});
    expect(batcher.flush(T0 + 1, () => HEALTH, 0)).toBe(2);
    expect(batcher.flush(T0 + 2, () => HEALTH, 0)).toBe(0); // nothing changed
    for (let i = 1; i < FLOW_WINDOW; i++) {
      tick(trade('A', i, 100 + i));
      expect(batcher.flush(T0 + 2 + i, () => HEALTH, 0)).toBe(2);
    }
    tick(trade('A', FLOW_WINDOW, 200));
    // Neither acked: both windows are full.
    expect(batcher.flush(T0 + 100, () => HEALTH, 0)).toBe(0);
  });

  it('has no newest tick time and samples no latency before any tick', () => {
    const { state, flush, latencies } = setup();
    expect(flush()!.newestTickTs).toBeNull();
    // A new instrument's row goes out before its first tick: its age is not latency.
    state.setInstruments([market('A'), market('B'), market('C'), match('m1')]);
    const batch = flush()!;
    expect(batch.market.map((r) => r.id)).toEqual(['C']);
    expect(batch.newestTickTs).toBeNull();
    expect(latencies).toEqual([]);
  });

  it('a reset batch carries no newest tick time: its rows are the state a consumer joins, old to the path', () => {
    // A page opened while the feed was down read tick→pixel 46 s from its first batch, the
    // age of the data it joined, beside "feed delay —" (bug 191).
    const { batcher, tick, flush } = setup();
    tick(trade('A', 1, 100, T0 + 5), odds(1, 2, T0 + 6));
    const joined: Batch[] = [];
    const late = batcher.attach((b) => joined.push(b));
    flush(60_000);
    expect(joined[0]!.reset).toBe(true);
    expect(joined[0]!.market.map((r) => r.id)).toContain('A');
    expect(joined[0]!.sports.map((r) => r.id)).toEqual(['m1']);
    expect(joined[0]!.newestTickTs).toBeNull();
    late.ack(joined[0]!.seq);
    tick(trade('B', 1, 50, T0 + 60_100));
    flush();
    expect(joined[1]!.reset).toBe(false);
    expect(joined[1]!.newestTickTs).toBe(T0 + 60_100);
  });

  it('a row changed by a snapshot alone carries no tick time and samples no latency', () => {
    // bug 236: a NATS desk's gateway serves the stored states again at each reconnect while its
    // relay is away; a page read tick→pixel 20 s and the health bar feed delay 9.7 s from them.
    const { state, flush, tick, latencies } = setup();
    flush();
    const stored = { op: 'snapshot', seq: 1 } as const;
    state.applySnapshot({ ...stored, instrument: 'A', state: marketSnapshot(100, T0 - 60_000) });
    state.applySnapshot({ ...stored, instrument: 'm1', state: matchSnapshot({ ts: T0 - 60_000 }) });
    const served = flush(60_000)!;
    expect(served.market.map((r) => r.id)).toEqual(['A']);
    expect(served.sports.map((r) => r.id)).toEqual(['m1']);
    expect(served.newestTickTs).toBeNull();
    expect(latencies).toEqual([]);
    tick(trade('A', 2, 101, T0 + 60_000));
    expect(flush()!.newestTickTs).toBe(T0 + 60_000);
    expect(latencies.map(([, id]) => id)).toEqual(['A']);
  });

  it('sends health alone once exactly HEALTH_ONLY_INTERVAL_MS has passed, not before', () => {
    const { flush } = setup();
    flush();
    expect(flush(HEALTH_ONLY_INTERVAL_MS - 1)).toBeNull();
    expect(flush(1)).toMatchObject({ market: [], series: [], sports: [] });
  });

  it('names no restarted instruments in a reset or in a batch where none restarted', () => {
    const { flush, tick } = setup();
    const reset = flush()!;
    expect(reset.reset).toBe(true);
    expect(reset).not.toHaveProperty('restarted');
    tick(trade('A', 1, 10));
    expect(flush()).not.toHaveProperty('restarted');
  });
});

describe('Batcher: resets', () => {
  it('a reset re-sends every row, series and bar, changed or not', () => {
    const { state, flush, tick } = setup();
    flush();
    tick(trade('A', 1, 10, T0 + 1_000), trade('B', 1, 20, T0 + 1_000));
    flush();
    state.seekTo(T0 + 5_000); // history up to then stays: the page must get it all again
    const reset = flush()!;
    expect(reset.reset).toBe(true);
    expect(reset.market.map((r) => [r.id, r.last])).toEqual([
      ['A', 10],
      ['B', 20],
    ]);
    expect(reset.series.map((s) => [s.id, s.price])).toEqual([
      ['A', [10]],
      ['B', [20]],
    ]);
    expect(reset.bars.filter((b) => b.intervalMs === 1_000).map((b) => b.id)).toEqual(['A', 'B']);
    expect(reset.sports.map((r) => r.id)).toEqual(['m1']);
  });

  it("a reset re-sends the selected instrument's tape from its start", () => {
    const { state, flush, tick, declare } = setup();
    declare({ rows: ['A'], selected: 'A' });
    flush();
    tick(trade('A', 1, 10), trade('A', 2, 11));
    expect(flush()!.depth!.trades.price).toEqual([10, 11]);
    state.seekTo(T0 + 5_000);
    const reset = flush()!;
    expect(reset.reset).toBe(true);
    expect(reset.depth).toMatchObject({ id: 'A', tapeReset: true });
    expect(reset.depth!.trades.price).toEqual([10, 11]);
  });

  it('forgets, on a reset, the instruments that left before it: one coming back is new', () => {
    const { state, flush, tick } = setup();
    flush();
    tick(trade('B', 1, 20));
    flush();
    state.setInstruments([market('A'), match('m1')]);
    flush();
    state.seekTo(T0);
    expect(flush()!.reset).toBe(true);
    state.setInstruments([market('A'), market('B'), match('m1')]);
    const back = flush()!;
    expect(back.instruments!.map((i) => i.id)).toEqual(['A', 'B', 'm1']);
    expect(back).not.toHaveProperty('restarted');
  });
});

describe('Batcher: instruments that leave and come back', () => {
  it('restarts a market and a match that left and came back; the ones that stayed do not', () => {
    const { state, flush, tick } = setup();
    flush();
    tick(trade('A', 1, 10, T0 + 1_000), trade('B', 1, 20, T0 + 1_000), odds(1, 2.1));
    flush();
    state.setInstruments([market('A')]);
    expect(flush()!.instruments!.map((i) => i.id)).toEqual(['A']);
    state.setInstruments([market('A'), market('B'), match('m1')]);
    const back = flush()!;
    expect(back.restarted).toEqual(['B', 'm1']);
    expect(back.market.map((r) => r.id)).toEqual(['B']);
  });

  it('restarts one that left and came back while the consumer held a batch unacked', () => {
    const { state, got, consumer, batcher, tick } = setup();
    const flushNoAck = (now: number) => batcher.flush(now, () => HEALTH, 0);
    flushNoAck(T0 + 1);
    consumer.ack(1);
    tick(trade('B', 1, 20, T0 + 1_000), trade('B', 2, 21, T0 + 2_000));
    flushNoAck(T0 + 2_001);
    expect(got[1]!.series.find((s) => s.id === 'B')!.price).toEqual([20, 21]);
    // Batch 2 is not acked yet (a hidden window): B leaves and comes back meanwhile.
    state.setInstruments([market('A'), match('m1')]);
    state.setInstruments([market('A'), market('B'), match('m1')]);
    tick(trade('B', 1, 30, T0 + 3_000));
    consumer.ack(2);
    flushNoAck(T0 + 3_001);
    const back = got[2]!;
    // The page must drop B's old points and bars before it takes the new state's.
    expect(back.restarted).toEqual(['B']);
    expect(back.series.find((s) => s.id === 'B')!.price).toEqual([30]);
    expect(back.market.find((r) => r.id === 'B')).toMatchObject({ last: 30 });
  });

  it('a consumer attached after the source changed starts with a reset', () => {
    const { state, batcher } = setup();
    state.clear();
    state.setInstruments([market('A')]);
    expect(state.epoch).toBe(1);
    const got: Batch[] = [];
    batcher.attach((b) => got.push(b));
    batcher.flush(T0 + 1, () => HEALTH, 0);
    expect(got[0]).toMatchObject({ reset: true, instruments: [{ id: 'A' }] });
  });
});

describe('Batcher: the selected instrument', () => {
  it("sends the selected instrument's trades as depth, and no depth to a consumer with none", () => {
    const { flush, tick, declare } = setup();
    declare({ rows: ['A'], selected: 'A' });
    flush();
    tick(trade('A', 1, 10), trade('B', 1, 20));
    const batch = flush()!;
    expect(batch.depth).toMatchObject({ id: 'A', tapeReset: false });
    expect(batch.depth!.trades.price).toEqual([10]);
    declare({ rows: ['A'], selected: null });
    tick(trade('A', 2, 11));
    expect(flush()).not.toHaveProperty('depth');
  });

  it('sends the whole tape again when an instrument is selected again after none', () => {
    const { flush, tick, declare } = setup();
    declare({ rows: ['A'], selected: 'A' });
    flush();
    tick(trade('A', 1, 10), trade('A', 2, 11));
    flush();
    declare({ rows: ['A'], selected: null });
    flush();
    declare({ rows: ['A'], selected: 'A' });
    const again = flush()!;
    expect(again.depth).toMatchObject({ id: 'A', tapeReset: true });
    expect(again.depth!.trades.price).toEqual([10, 11]);
  });
});

describe('Batcher: a newly declared interest', () => {
  it('is answered in the next batch even when nothing else changed', () => {
    const { flush, tick, declare } = setup();
    declare({ rows: ['A'], others: 'none' });
    flush();
    tick(trade('B', 1, 20, T0 + 1_000), trade('B', 2, 21, T0 + 2_000));
    flush();
    flush(); // the sealed series bucket
    expect(flush(10)).toBeNull();
    declare({ rows: ['A', 'B'], others: 'none' });
    const batch = flush(10)!;
    expect(batch.series.map((s) => [s.id, s.price])).toEqual([['B', [20, 21]]]);
  });
});

describe('Batcher: bars', () => {
  it('sends only the bars that changed, and of those only from the newest one sent', () => {
    const { flush, tick } = setup();
    flush();
    tick(trade('A', 1, 10, T0 + 1_000), trade('A', 2, 11, T0 + 2_000));
    const first = flush()!.bars.find((b) => b.id === 'A' && b.intervalMs === 1_000)!;
    expect(first.t).toEqual([T0 + 1_000, T0 + 2_000]);
    // Appended: `replace` is only for bars that went by unseen (protocol/batch.ts).
    expect(first).not.toHaveProperty('replace');
    tick(trade('A', 3, 12, T0 + 2_500), trade('B', 1, 20, T0 + 2_500));
    const next = flush()!;
    // A's newest bar changed (re-sent alone); B's is new; nothing else.
    const ones = next.bars.filter((b) => b.intervalMs === 1_000);
    expect(ones.map((b) => [b.id, b.t, b.c])).toEqual([
      ['A', [T0 + 2_000], [12]],
      ['B', [T0 + 2_000], [20]],
    ]);
    tick(trade('B', 2, 21, T0 + 2_600));
    expect(flush()!.bars.map((b) => b.id)).not.toContain('A');
  });

  /**
   * A row out of view while `k` new bars go by, then back: bars join up while the newest one
   * sent is still the ring's oldest (k = BAR_HISTORY - 1); one bar more and they replace.
   */
  function barsOnReturn(k: number) {
    const { state, flush, tick, declare } = setup();
    declare({ rows: ['A'], others: 'none' });
    flush();
    let seq = 0;
    let t = T0;
    const nextBar = (id: string) => tick(trade(id, ++seq, 100 + (seq % 7), (t += 1_000)));
    nextBar('A');
    flush();
    declare({ rows: [], others: 'none' });
    flush();
    for (let i = 0; i < k; i++) nextBar('A');
    declare({ rows: ['A'], others: 'none' });
    const ring = state.markets.get('A')!.bars[0]!.ring;
    const bars = flush()!.bars.find((b) => b.id === 'A' && b.intervalMs === 1_000)!;
    return { bars, ring };
  }

  it('appends bars when the newest one sent is still the oldest the engine holds', () => {
    const { bars, ring } = barsOnReturn(BAR_HISTORY - 1);
    expect(ring.length).toBe(BAR_HISTORY);
    expect(bars.replace).toBeUndefined();
    expect(bars.t).toHaveLength(BAR_HISTORY);
  });

  it('replaces the bars when it is one bar past the oldest the engine holds', () => {
    const { bars } = barsOnReturn(BAR_HISTORY);
    expect(bars.replace).toBe(true);
    expect(bars.t).toHaveLength(BAR_HISTORY);
  });

  it('sends no empty bar deltas after a seek before every bar', () => {
    const { state, flush, tick } = setup();
    flush();
    tick(trade('A', 1, 10, T0 + 1_000));
    flush();
    state.seekTo(T0);
    const reset = flush()!;
    expect(reset.reset).toBe(true);
    for (const bars of reset.bars) expect(bars.t.length).toBeGreaterThan(0);
  });
});
