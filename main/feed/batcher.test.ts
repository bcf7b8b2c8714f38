import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FLOW_WINDOW, MAX_SERIES_POINTS_PER_BATCH, type Batch } from '../../protocol/batch';
import type { MarketRow } from '../../protocol/market-rows';
import { Batcher, HEALTH_ONLY_INTERVAL_MS } from './batcher';
import { FeedState } from './feed-state';
import { BAR_C } from './market-bars';
import { SERIES_CAPACITY } from './market-history';
import { HEALTH, T0, market, match, trade } from '../../test-support/engine-fixtures';

function setup(ids = ['A', 'B']) {
  const state = new FeedState();
  state.setInstruments([...ids.map(market), match('m1')]);
  const batcher = new Batcher(state, () => {});
  const got: Batch[] = [];
  const consumer = batcher.attach((b) => got.push(b));
  let now = T0;
  let healthVersion = 0;
  const flush = (advanceMs = 33) => batcher.flush((now += advanceMs), () => HEALTH, healthVersion);
  const healthChanged = () => healthVersion++;
  return { state, batcher, got, consumer, flush, healthChanged };
}

describe('Batcher', () => {
  it("a consumer's first batch is a reset carrying the instruments", () => {
    const { got, flush } = setup();
    flush();
    expect(got[0]).toMatchObject({ seq: 1, reset: true });
    expect(got[0]!.instruments!.map((i) => i.id)).toEqual(['A', 'B', 'm1']);
    expect(got[0]!.health).toBe(HEALTH);
  });

  it('then sends only the instruments that changed, with their new series points', () => {
    const { state, got, consumer, flush } = setup();
    flush();
    consumer.ack(1);
    state.applyTicks([trade('B', 1, 10, T0 + 100), trade('B', 2, 11, T0 + 200)], () => {});
    flush();
    const batch = got[1]!;
    expect(batch.reset).toBe(false);
    expect(batch.instruments).toBeUndefined();
    expect(batch.market.map((r) => [r.id, r.last])).toEqual([['B', 11]]);
    expect(batch.series).toEqual([{ id: 'B', t: [T0 + 100, T0 + 200], price: [10, 11] }]);
    expect(batch.newestTickTs).toBe(T0 + 200);
  });

  it('a consumer that never acks gets exactly FLOW_WINDOW batches, however much changes', () => {
    const { state, got, flush } = setup();
    for (let i = 1; i <= 100; i++) {
      state.applyTicks([trade('A', i, 100 + i)], () => {});
      flush();
    }
    expect(got).toHaveLength(FLOW_WINDOW);
  });

  it('builds the next batches while the consumer folds the ones before, and no more than the window', () => {
    const { state, got, consumer, flush } = setup();
    const seqs = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    flush();
    for (let i = 1; i < FLOW_WINDOW; i++) {
      state.applyTicks([trade('A', i, 100 + i)], () => {});
      flush(); // nothing acked yet: the next batch goes out all the same
    }
    expect(got.map((b) => b.seq)).toEqual(seqs(FLOW_WINDOW));
    expect(got.at(-1)!.market.map((r) => [r.id, r.last])).toEqual([['A', 100 + FLOW_WINDOW - 1]]);
    state.applyTicks([trade('A', FLOW_WINDOW, 200)], () => {});
    flush();
    expect(got.map((b) => b.seq)).toEqual(seqs(FLOW_WINDOW));
    consumer.ack(1);
    flush();
    expect(got.map((b) => b.seq)).toEqual(seqs(FLOW_WINDOW + 1));
    expect(got.at(-1)!.market.map((r) => [r.id, r.last])).toEqual([['A', 200]]);
  });

  it('a stale or repeated ack does not reopen the window: only an outstanding batch does', () => {
    const { state, got, consumer, flush } = setup();
    let price = 100;
    const change = () => state.applyTicks([trade('A', price - 99, ++price)], () => {});
    flush();
    for (let i = 1; i < FLOW_WINDOW; i++) {
      change();
      flush();
    }
    consumer.ack(0); // older than anything outstanding
    change();
    flush();
    expect(got).toHaveLength(FLOW_WINDOW);
    consumer.ack(1);
    flush();
    expect(got).toHaveLength(FLOW_WINDOW + 1);
    consumer.ack(1); // repeated
    change();
    flush();
    expect(got).toHaveLength(FLOW_WINDOW + 1);
    consumer.ack(FLOW_WINDOW + 1); // acknowledges every one before it as well
    flush();
    flush();
    expect(got).toHaveLength(FLOW_WINDOW + 2);
    expect(got.at(-1)!.market.map((r) => [r.id, r.last])).toEqual([['A', price]]);
  });

  it('after a long silence an acking consumer gets the current state in one batch', () => {
    const { state, got, consumer, flush } = setup();
    let i = 0;
    const ticks = (n: number) => {
      for (const end = i + n; i < end;) state.applyTicks([trade('A', ++i, 100 + i)], () => {});
    };
    flush();
    for (let b = 1; b < FLOW_WINDOW; b++) {
      ticks(1_000);
      flush();
    }
    // The window is full: what follows waits for an ack.
    ticks(1_000);
    flush();
    expect(got).toHaveLength(FLOW_WINDOW);
    consumer.ack(got.at(-1)!.seq);
    flush();
    expect(got).toHaveLength(FLOW_WINDOW + 1);
    const last = got.at(-1)!;
    expect(last.market[0]).toMatchObject({ id: 'A', last: 100 + i });
    expect(last.series[0]!.price.length).toBeLessThanOrEqual(MAX_SERIES_POINTS_PER_BATCH);
    expect(last.series[0]!.price.at(-1)).toBe(100 + i);
  });

  it('resets a consumer whose series cursor fell out of the ring buffer', () => {
    const { state, got, consumer, flush } = setup();
    flush();
    state.applyTicks([trade('A', 1, 1)], () => {});
    // Far-apart timestamps: one series point per tick, more than the ring holds.
    const ticks = Array.from({ length: SERIES_CAPACITY + 10 }, (_, i) =>
      trade('A', i + 2, 100 + (i % 9), T0 + i * 1_000),
    );
    state.applyTicks(ticks, () => {});
    consumer.ack(1);
    flush();
    expect(got[1]!.reset).toBe(true);
    expect(got[1]!.instruments).toHaveLength(3);
  });

  it('sends nothing when nothing changed, except health every half second', () => {
    const { got, consumer, flush } = setup();
    flush();
    consumer.ack(1);
    flush(10);
    flush(10);
    expect(got).toHaveLength(1);
    flush(HEALTH_ONLY_INTERVAL_MS);
    expect(got[1]).toMatchObject({ reset: false, market: [], series: [], sports: [] });
  });

  it('sends a health change the user must see (connection state) at once', () => {
    const { got, consumer, flush, healthChanged } = setup();
    flush();
    consumer.ack(1);
    healthChanged();
    flush(10);
    expect(got).toHaveLength(2);
    expect(got[1]).toMatchObject({ market: [], series: [] });
  });

  it('keeps batches small whatever the input rate', () => {
    const { state, got, consumer, flush } = setup(Array.from({ length: 20 }, (_, i) => `I${i}`));
    let seq = 0;
    for (let round = 0; round < 5; round++) {
      flush();
      consumer.ack(got.at(-1)!.seq);
      seq += 10_000;
      // 10k ticks per instrument between two batches (6M ticks/s at 30 Hz).
      for (let i = 0; i < 20; i++) {
        const ticks = Array.from({ length: 10_000 }, (_, k) =>
          trade(`I${i}`, seq - 10_000 + k + 1, 100 + Math.sin(k), T0 + round * 33 + (k % 33)),
        );
        state.applyTicks(ticks, () => {});
      }
    }
    flush();
    const bytes = JSON.stringify(got.at(-1)).length;
    expect(got.at(-1)!.market).toHaveLength(20);
    expect(bytes).toBeLessThan(64 * 1024);
  });

  it('stops sending to a detached consumer and drops instruments that left', () => {
    const { state, batcher, got, consumer, flush } = setup();
    flush();
    consumer.ack(1);
    state.setInstruments([market('A')]);
    flush();
    expect(got[1]!.instruments!.map((i) => i.id)).toEqual(['A']);
    consumer.ack(2);
    consumer.detach();
    state.applyTicks([trade('A', 1, 5)], () => {});
    flush();
    expect(got).toHaveLength(2);
    expect(batcher.size).toBe(0);
  });
});

describe('Batcher, whatever the ack pattern', () => {
  it('a consumer that catches up holds exactly the current rows, last bars and last price', () => {
    const step = fc.oneof(
      fc.record({
        op: fc.constant('tick' as const),
        id: fc.constantFrom('A', 'B'),
        price: fc.integer({ min: 1, max: 500 }),
        dt: fc.integer({ min: 1, max: 3_000 }),
      }),
      fc.record({ op: fc.constantFrom('flush' as const, 'ack' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const { state, got, consumer, flush } = setup();
        const rows = new Map<string, MarketRow>();
        const lastPrice = new Map<string, number>();
        const lastBar = new Map<string, number>();
        const seqs: Record<string, number> = { A: 0, B: 0 };
        let ts = T0;
        const apply = (batch: Batch) => {
          if (batch.reset) rows.clear();
          for (const row of batch.market) rows.set(row.id, row);
          for (const s of batch.series) lastPrice.set(s.id, s.price.at(-1)!);
          for (const b of batch.bars) if (b.intervalMs === 1_000) lastBar.set(b.id, b.c.at(-1)!);
        };
        for (const s of steps) {
          if (s.op === 'tick') {
            seqs[s.id]!++;
            state.applyTicks([trade(s.id, seqs[s.id]!, s.price, (ts += s.dt))], () => {});
          } else if (s.op === 'flush') flush();
          else if (got.length) consumer.ack(got.at(-1)!.seq);
        }
        // Catch up: ack whatever is outstanding and take what follows.
        for (let i = 0; i < 2; i++) {
          if (got.length) consumer.ack(got.at(-1)!.seq);
          flush(HEALTH_ONLY_INTERVAL_MS);
        }
        got.forEach(apply);
        for (const [id, market] of state.markets) {
          if (market.version === 0) continue;
          expect(rows.get(id)).toEqual(market.row(id));
          expect(lastPrice.get(id)).toBe(market.last);
          expect(lastBar.get(id)).toBe(market.bars[0]!.ring.last(BAR_C));
        }
      }),
      { numRuns: 200 },
    );
  });
});
