import { describe, expect, it } from 'vitest';
import type { Batch, DepthDelta } from '../../protocol/batch';
import type { Tick } from '../../protocol/feed';
import { HEALTH, T0, market, marketSnapshot, trade } from '../../test-support/engine-fixtures';
import type { BatchConsumer } from './batch-consumer';
import { Batcher } from './batcher';
import { depthDelta, emptyDepthCursor } from './depth-batch';
import { DepthState, TAPE_TRADES } from './depth-state';
import { FeedState } from './feed-state';

/** A three-level book a side around 100. */
const BOOK: { bids: [number, number][]; asks: [number, number][] } = {
  bids: [
    [99, 5],
    [98, 6],
    [97, 7],
  ],
  asks: [
    [101, 1],
    [102, 2],
    [103, 3],
  ],
};

function setUp() {
  const state = new FeedState();
  state.setInstruments([market('ACME'), market('BOLT')]);
  for (const id of ['ACME', 'BOLT'])
    state.applySnapshot({
      op: 'snapshot',
      instrument: id,
      seq: 0,
      state: {
        ...marketSnapshot(100),
        book: BOOK,
      },
    });
  const batcher = new Batcher(state, () => {});
  let now = T0;
  const consumers: { consumer: BatchConsumer; got: Batch[] }[] = [];
  /**
   * Flushes once and acks: what each consumer, in the order attached, was sent (nothing to
   * send: a batch with no depth).
   */
  const flushAll = (): Partial<Batch>[] => {
    const before = consumers.map(({ got }) => got.length);
    batcher.flush((now += 33), () => HEALTH, 0);
    return consumers.map(({ consumer, got }, i) => {
      if (got.length === before[i]) return {};
      const batch = got.at(-1)!;
      consumer.ack(batch.seq);
      return batch;
    });
  };
  /** A consumer, and a way to declare an interest naming only the selected instrument. */
  const attach = () => {
    const got: Batch[] = [];
    const consumer = batcher.attach((b) => got.push(b));
    consumers.push({ consumer, got });
    const select = (id: string | null, levels?: number) =>
      consumer.declareInterest({
        rows: [],
        charted: [],
        selected: id,
        ...(levels === undefined ? {} : { depthLevels: levels }),
      });
    return { select };
  };
  const { select } = attach();
  const flush = () => flushAll()[0]!;
  return { state, batcher, attach, flushAll, flush, select };
}

describe('depth in batches', () => {
  it('carries nothing of any book or tape until the page selects an instrument', () => {
    const { state, flush } = setUp();
    state.applyTicks([trade('ACME', 1, 101)], () => {});
    expect(flush().depth).toBeUndefined();
  });

  it("carries only the selected instrument's book, cut to the levels in view, and its new trades", () => {
    const { state, flush, select } = setUp();
    state.applyTicks([trade('ACME', 1, 101), trade('BOLT', 1, 50)], () => {});
    select('ACME', 2);
    const first = flush().depth!;
    expect(first.id).toBe('ACME');
    expect(first.book).toEqual({
      bids: [
        [99, 5],
        [98, 6],
      ],
      asks: [
        [101, 1],
        [102, 2],
      ],
    });
    expect(first.tapeReset).toBe(true);
    expect(first.trades.price).toEqual([101]);
    // Nothing new: no depth. A BOLT trade is not ACME's: still none.
    expect(flush().depth).toBeUndefined();
    state.applyTicks([trade('BOLT', 2, 51)], () => {});
    expect(flush().depth).toBeUndefined();
    state.applyTicks([trade('ACME', 2, 102)], () => {});
    const next = flush().depth!;
    expect(next.tapeReset).toBe(false);
    expect(next.trades).toEqual({ t: [T0 + 2], price: [102], size: [1], side: [1] });
  });

  it('says the book is resyncing after a gap, with no levels, until a snapshot restores it', () => {
    const { state, flush, select } = setUp();
    select('ACME', 10);
    flush();
    const gapped: Tick = trade('ACME', 5, 101);
    state.applyTicks([gapped], () => {});
    expect(flush().depth).toMatchObject({ resyncing: true, book: { bids: [], asks: [] } });
    state.applySnapshot({
      op: 'snapshot',
      instrument: 'ACME',
      seq: 5,
      state: { ...marketSnapshot(100), book: { bids: [[99, 1]], asks: [[101, 1]] } },
    });
    expect(flush().depth).toMatchObject({ resyncing: false, book: { bids: [[99, 1]] } });
  });

  it('gives each consumer the book and tape of the instrument it selected, and no other', () => {
    const { state, attach, flushAll, select } = setUp();
    select('ACME', 1);
    attach().select('BOLT', 2);
    state.applyTicks([trade('ACME', 1, 101), trade('BOLT', 1, 50)], () => {});
    const [a, b] = flushAll().map((batch) => batch.depth!) as [DepthDelta, DepthDelta];
    expect(a.id).toBe('ACME');
    expect(a.book).toEqual({ bids: [[99, 5]], asks: [[101, 1]] });
    expect(a.trades.price).toEqual([101]);
    expect(b.id).toBe('BOLT');
    expect(b.book!.bids).toHaveLength(2);
    expect(b.trades.price).toEqual([50]);
    // A third consumer that selected nothing gets neither; the others keep their own.
    attach().select(null);
    state.applyTicks([trade('BOLT', 2, 51)], () => {});
    const [a2, b2, c2] = flushAll().map((batch) => batch.depth);
    expect(a2).toBeUndefined();
    expect(b2!.trades.price).toEqual([51]);
    expect(c2).toBeUndefined();
  });

  it('sends the default ten levels when an interest does not say how many', () => {
    const { flush, select } = setUp();
    select('ACME');
    expect(flush().depth!.book!.bids).toHaveLength(3);
  });
});

describe('depthDelta', () => {
  /** A depth with a three-level book a side and `trades` trades on its tape, priced 1, 2, … */
  function depthWith(trades: number): DepthState {
    const depth = new DepthState();
    depth.applySnapshot(BOOK);
    addTrades(depth, trades);
    return depth;
  }
  function addTrades(depth: DepthState, n: number): void {
    for (let i = 0; i < n; i++)
      depth.applyTrade({
        instrument: 'X',
        seq: 0,
        ts: T0 + i,
        kind: 'trade',
        price: depth.tape.end + 1,
        size: 1,
        side: 'buy',
      });
  }

  it('starts the tape afresh for a new selection or a new state of the same instrument', () => {
    const acme = depthWith(2);
    const bolt = depthWith(3);
    const cursor = emptyDepthCursor();
    depthDelta({ id: 'ACME', levels: 1 }, acme, cursor);
    // Another instrument, whatever its version: its whole tape.
    const switched = depthDelta({ id: 'BOLT', levels: 1 }, bolt, cursor)!;
    expect([switched.id, switched.tapeReset, switched.trades.price]).toEqual([
      'BOLT',
      true,
      [1, 2, 3],
    ]);
    // BOLT left and came back: a new state object, same version as the old one.
    const back = depthWith(3);
    const returned = depthDelta({ id: 'BOLT', levels: 1 }, back, cursor)!;
    expect([returned.tapeReset, returned.trades.price]).toEqual([true, [1, 2, 3]]);
  });

  it('sends the book again when the page shows a different number of levels', () => {
    const depth = depthWith(0);
    const cursor = emptyDepthCursor();
    expect(depthDelta({ id: 'ACME', levels: 1 }, depth, cursor)!.book!.bids).toHaveLength(1);
    expect(depthDelta({ id: 'ACME', levels: 1 }, depth, cursor)).toBeUndefined();
    const wider = depthDelta({ id: 'ACME', levels: 3 }, depth, cursor)!;
    expect([wider.book!.bids.length, wider.tapeReset, wider.trades.price]).toEqual([3, false, []]);
  });

  it('says the tape was reset only when trades not yet sent fell off it', () => {
    const depth = depthWith(1);
    const cursor = emptyDepthCursor();
    depthDelta({ id: 'ACME', levels: 1 }, depth, cursor);
    addTrades(depth, TAPE_TRADES); // the tape drops exactly what was sent
    const whole = depthDelta({ id: 'ACME', levels: 1 }, depth, cursor)!;
    expect([whole.tapeReset, whole.trades.price.length]).toEqual([false, TAPE_TRADES]);
    addTrades(depth, TAPE_TRADES + 1); // one unsent trade lost
    const lost = depthDelta({ id: 'ACME', levels: 1 }, depth, cursor)!;
    expect([lost.tapeReset, lost.trades.price.length]).toEqual([true, TAPE_TRADES]);
  });

  it('sends no book, and no resync, for an instrument whose feed keeps none', () => {
    const depth = new DepthState();
    addTrades(depth, 1);
    const delta = depthDelta({ id: 'ACME', levels: 5 }, depth, emptyDepthCursor())!;
    expect([delta.book, delta.resyncing, delta.trades.price]).toEqual([null, false, [1]]);
  });
});
