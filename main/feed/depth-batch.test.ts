import { describe, expect, it } from 'vitest';
import type { Batch } from '../../protocol/batch';
import type { Tick } from '../../protocol/feed';
import { HEALTH, T0, market, marketSnapshot, trade } from '../../test-support/engine-fixtures';
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
  const got: Batch[] = [];
  const consumer = batcher.attach((b) => got.push(b));
  let now = T0;
  /** The batch a flush sent; a flush with nothing to send gives a batch with no depth. */
  const flush = (): Partial<Batch> => {
    const before = got.length;
    batcher.flush((now += 33), () => HEALTH, 0);
    if (got.length === before) return {};
    const batch = got.at(-1)!;
    consumer.ack(batch.seq);
    return batch;
  };
  return { state, batcher, flush };
}

describe('depth in batches', () => {
  it('carries nothing of any book or tape until the page selects an instrument', () => {
    const { state, flush } = setUp();
    state.applyTicks([trade('ACME', 1, 101)], () => {});
    expect(flush().depth).toBeUndefined();
  });

  it("carries only the selected instrument's book, cut to the levels in view, and its new trades", () => {
    const { state, batcher, flush } = setUp();
    state.applyTicks([trade('ACME', 1, 101), trade('BOLT', 1, 50)], () => {});
    batcher.select({ id: 'ACME', levels: 2 });
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
    const { state, batcher, flush } = setUp();
    batcher.select({ id: 'ACME', levels: 10 });
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
});
