/** The batcher for consumers that declared an interest (protocol/interest.ts). */
import { describe, expect, it } from 'vitest';
import type { Batch } from '../../protocol/batch';
import {
  MAX_CHARTED_SERIES_POINTS_PER_BATCH,
  MAX_SERIES_POINTS_PER_BATCH,
} from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import { Batcher } from './batcher';
import { COMPACT_INTERVAL_MS } from './compact-sweep';
import { FeedState } from './feed-state';
import { BAR_HISTORY } from './market-bars';
import { SERIES_CAPACITY } from './market-history';
import { HEALTH, T0, market, trade } from '../../test-support/engine-fixtures';
import { rowsOf } from '../../test-support/batch-view';

const IDS = Array.from({ length: 20 }, (_, i) => `I${i}`);
const BATCH_MS = 33;

function setup() {
  const state = new FeedState();
  state.setInstruments(IDS.map(market));
  const latencies: number[] = [];
  const batcher = new Batcher(state, (ms) => latencies.push(ms));
  const got: Batch[] = [];
  const consumer = batcher.attach((b) => got.push(b));
  let now = T0;
  let seq = 0;
  /** One trade on every instrument, `advanceMs` apart in event time (one series point each). */
  const tickAll = (price: number) => {
    seq++;
    state.applyTicks(
      IDS.map((id) => trade(id, seq, price, now)),
      () => {},
    );
  };
  /** Flushes `BATCH_MS` later and acks what came, like a page; returns the batch, if any. */
  const flush = (advanceMs = BATCH_MS): Batch | undefined => {
    const before = got.length;
    batcher.flush((now += advanceMs), () => HEALTH, 0);
    const batch = got.length > before ? got.at(-1) : undefined;
    if (batch) consumer.ack(batch.seq);
    return batch;
  };
  const declare = (interest: Partial<Interest>) =>
    consumer.declareInterest({ rows: [], charted: [], selected: null, ...interest });
  return { state, got, flush, tickAll, declare, latencies, now: () => now };
}

/**
 * A consumer that shows I0 alone while 40 s of one trade a batch (each price unlike the last)
 * go by: every other instrument builds up history that it was not sent.
 */
function withUnseenHistory() {
  const t = setup();
  t.declare({ rows: ['I0'] });
  for (let i = 0; i < 1_200; i++) {
    t.tickAll(100 + ((i * 7) % 11));
    t.flush();
  }
  return t;
}

const ids = (list: readonly { id: string }[]) => [...new Set(list.map((x) => x.id))].sort();

describe('Batcher with an interest', () => {
  it('sends series and bars only for the rows in view, the charted and the selected instrument', () => {
    const { flush, tickAll, declare } = setup();
    declare({ rows: ['I1', 'I2'], charted: ['I5'], selected: 'I9' });
    flush();
    for (let i = 0; i < 10; i++) {
      tickAll(100 + i);
      const batch = flush()!;
      expect(ids(batch.series)).toEqual(['I1', 'I2', 'I5', 'I9']);
      expect(ids(batch.bars)).toEqual(['I1', 'I2', 'I5', 'I9']);
      // The shown ones' rows go out in every batch that changed them.
      expect(ids(batch.market)).toEqual(expect.arrayContaining(['I1', 'I2', 'I5', 'I9']));
    }
  });

  it('sends a newly charted instrument the history it missed in detail, a newly shown row thinned', () => {
    const { state, flush, declare } = withUnseenHistory();
    const held = state.markets.get('I5')!.series.length;
    expect(held).toBeGreaterThan(MAX_SERIES_POINTS_PER_BATCH);
    expect(held).toBeLessThanOrEqual(MAX_CHARTED_SERIES_POINTS_PER_BATCH);
    declare({ rows: ['I0', 'I6'], charted: ['I5'] });
    const batch = flush()!;
    const points = (id: string) => batch.series.find((s) => s.id === id)!.price.length;
    // On a chart: every point held, as the candles show every second.
    expect(points('I5')).toBe(held);
    // A row's sparkline needs no more than a batch's usual share.
    expect(points('I6')).toBeLessThanOrEqual(MAX_SERIES_POINTS_PER_BATCH);
  });

  it("restarts an instrument sent thinned before it was charted, in a chart's detail", () => {
    const { state, flush, tickAll, declare } = withUnseenHistory();
    // A row first (its sparkline's share), then on a chart.
    declare({ rows: ['I0', 'I5'] });
    const asRow = flush()!;
    expect(asRow.series.find((s) => s.id === 'I5')!.price.length).toBeLessThanOrEqual(
      MAX_SERIES_POINTS_PER_BATCH,
    );
    expect(asRow.restarted ?? []).not.toContain('I5');
    declare({ rows: ['I0', 'I5'], charted: ['I5'] });
    const charted = flush()!;
    // The page drops its coarse copy and takes the history again, every point held.
    expect(charted.restarted).toEqual(['I5']);
    const held = state.markets.get('I5')!.series.length;
    expect(charted.series.find((s) => s.id === 'I5')!.price.length).toBe(held);
    // Charted once in detail, it is not restarted again by the next interest.
    declare({ rows: ['I0'], charted: ['I5'] });
    tickAll(100);
    expect(flush()!.restarted ?? []).toEqual([]);
  });

  it('sends every other row compact, each about twice a second, none in every batch', () => {
    const { flush, tickAll, declare } = setup();
    declare({ rows: ['I0'] });
    const first = flush()!; // a reset: every row, to sort and search
    expect(ids(rowsOf(first))).toEqual([...IDS].sort());
    // The shown row in full, the others in the compact columns.
    expect(ids(first.market)).toEqual(['I0']);
    expect(first.compact!.ids).toHaveLength(IDS.length - 1);
    const rowsSeen = new Map<string, number>();
    const batches = Math.round(2_000 / BATCH_MS); // two seconds
    for (let i = 0; i < batches; i++) {
      tickAll(100 + i);
      const batch = flush()!;
      const rows = rowsOf(batch);
      for (const row of rows) rowsSeen.set(row.id, (rowsSeen.get(row.id) ?? 0) + 1);
      // Far fewer rows than instruments: the others are spread over the batches.
      expect(rows.length).toBeLessThanOrEqual(1 + Math.ceil(IDS.length / 10));
    }
    expect(rowsSeen.get('I0')).toBe(batches);
    for (const id of IDS.slice(1)) {
      const perSec = rowsSeen.get(id)! / 2;
      expect(perSec).toBeGreaterThanOrEqual(1_000 / COMPACT_INTERVAL_MS - 1);
      expect(perSec).toBeLessThanOrEqual(1_000 / COMPACT_INTERVAL_MS + 1);
    }
  });

  it('gives a row scrolled into view its recent history in the very next batch', () => {
    const { flush, tickAll, declare, state } = setup();
    declare({ rows: ['I0'] });
    flush();
    for (let i = 0; i < 30; i++) {
      tickAll(100 + (i % 7));
      flush(1_000); // a second apart: one series point and a 1 s bar per tick
    }
    declare({ rows: ['I0', 'I7'] });
    const batch = flush()!;
    const series = batch.series.find((s) => s.id === 'I7')!;
    const ring = state.markets.get('I7')!.series;
    expect(series.t[0]).toBe(ring.at(ring.start, 0));
    expect(series.t.length).toBeGreaterThanOrEqual(30);
    const bars1s = batch.bars.find((b) => b.id === 'I7' && b.intervalMs === 1_000)!;
    expect(bars1s.t.length).toBe(30);
    // And from then on only what is new.
    tickAll(200);
    const next = flush()!;
    expect(next.series.find((s) => s.id === 'I7')!.price).toEqual([200]);
  });

  it('a row scrolled away and back resumes where its points stopped, with no reset', () => {
    const { flush, tickAll, declare } = setup();
    declare({ rows: ['I3'] });
    flush();
    tickAll(100);
    flush(1_000);
    declare({ rows: ['I4'] });
    tickAll(101);
    flush(1_000);
    tickAll(102);
    flush(1_000);
    declare({ rows: ['I3'] });
    const batch = flush()!;
    expect(batch.reset).toBe(false);
    expect(batch.series.find((s) => s.id === 'I3')!.price).toEqual([101, 102]);
  });

  it('does not reset when an instrument outside the interest overruns its ring', () => {
    const { flush, declare, state } = setup();
    declare({ rows: ['I0'] });
    flush();
    // Far-apart timestamps: one series point per tick, more than the ring holds.
    const ticks = Array.from({ length: SERIES_CAPACITY + 10 }, (_, i) =>
      trade('I5', i + 1, 100 + (i % 9), T0 + i * 1_000),
    );
    state.applyTicks(ticks, () => {});
    const batch = flush(COMPACT_INTERVAL_MS)!;
    expect(batch.reset).toBe(false);
    expect(batch.market).toEqual([]);
    expect(batch.compact?.ids).toEqual(['I5']);
    expect(batch.series).toEqual([]);
  });

  it('resets when an instrument in the interest overruns its ring: its points no longer join up', () => {
    const { flush, declare, state } = setup();
    declare({ rows: ['I5'] });
    flush();
    const ticks = Array.from({ length: SERIES_CAPACITY + 10 }, (_, i) =>
      trade('I5', i + 1, 100 + (i % 9), T0 + i * 1_000),
    );
    state.applyTicks(ticks, () => {});
    expect(flush()!.reset).toBe(true);
  });

  it('still delivers the latest rows after the feed goes quiet', () => {
    const { flush, declare, state } = setup();
    declare({ rows: ['I0'] });
    flush();
    state.applyTicks([trade('I19', 1, 123)], () => {});
    const rows = [];
    for (let t = 0; t < 2 * COMPACT_INTERVAL_MS; t += BATCH_MS) {
      const batch = flush();
      if (batch) rows.push(...rowsOf(batch));
    }
    expect(rows.map((r) => [r.id, r.last])).toEqual([['I19', 123]]);
  });

  it('samples latency from the rows it shows, not from compact rows held back by design', () => {
    const { flush, declare, state, latencies, now } = setup();
    declare({ rows: ['I0'] });
    flush();
    state.applyTicks([trade('I0', 1, 1, now()), trade('I1', 1, 1, now() - 400)], () => {});
    for (let t = 0; t < 2 * COMPACT_INTERVAL_MS; t += BATCH_MS) flush();
    expect(latencies).toEqual([BATCH_MS]);
  });

  it('replaces the bars of a row that comes back after more bars went by than the engine keeps', () => {
    const { flush, tickAll, declare } = setup();
    declare({ rows: ['I2'] });
    flush();
    tickAll(100);
    flush(1_000);
    declare({ rows: ['I3'] });
    for (let i = 0; i < BAR_HISTORY + 5; i++) {
      tickAll(101 + i);
      flush(1_000); // a new 1 s bar each time
    }
    declare({ rows: ['I2'] });
    const bars1s = flush()!.bars.find((b) => b.id === 'I2' && b.intervalMs === 1_000)!;
    expect(bars1s.replace).toBe(true);
    expect(bars1s.t).toHaveLength(BAR_HISTORY);
    // While the cursor joins up, bars are appended as before.
    tickAll(300);
    const next = flush(1_000)!.bars.find((b) => b.id === 'I2' && b.intervalMs === 1_000)!;
    expect(next.replace).toBeUndefined();
  });
});
