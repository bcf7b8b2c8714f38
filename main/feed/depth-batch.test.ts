import { describe, expect, it } from 'vitest';
import type { Batch, DepthDelta } from '../../protocol/batch';
import type { Tick } from '../../protocol/feed';
import { HEALTH, T0, market, marketSnapshot, trade } from '../../test-support/engine-fixtures';
import type { BatchConsumer } from './batcher';
import { Batcher } from './batcher';
import { FeedState } from './feed-state';

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
        book: {
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
        },
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
