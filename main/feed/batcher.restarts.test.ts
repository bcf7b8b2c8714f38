import { describe, expect, it } from 'vitest';
import type { Batch } from '../../protocol/batch';
import { Batcher } from './batcher';
import { FeedState } from './feed-state';
import { MergedState } from './merged-state';
import { HEALTH, T0, market, trade } from '../../test-support/engine-fixtures';

/** A live source and a replay beside it, as the engine merges them, with one consumer. */
function setup() {
  const live = new FeedState();
  live.setInstruments([market('ACME')]);
  const replay = new FeedState();
  replay.setInstruments([market('A')]);
  const merged = new MergedState();
  const both = [
    { prefix: null, state: live },
    { prefix: 'replay', state: replay, ownHistory: true },
  ] as const;
  merged.setParts(both);
  const batcher = new Batcher(merged, () => {});
  const got: Batch[] = [];
  const consumer = batcher.attach((b) => got.push(b));
  let now = T0;
  /** Flushes, acks, and returns the batch (null when none was sent). */
  const flush = (): Batch | null => {
    const before = got.length;
    batcher.flush((now += 33), () => HEALTH, 0);
    const batch = got.length > before ? got.at(-1)! : null;
    if (batch) consumer.ack(batch.seq);
    return batch;
  };
  return { live, replay, merged, both, consumer, flush };
}

describe('Batcher: instruments whose history starts over', () => {
  it("a replay's seek restarts its instruments alone, with their whole history", () => {
    const { live, replay, flush } = setup();
    flush();
    live.applyTicks([trade('ACME', 1, 50, T0 + 10)], () => {});
    replay.applyTicks([trade('A', 1, 10, T0 + 10), trade('A', 2, 11, T0 + 60_000)], () => {});
    flush();
    replay.seekTo(T0 + 30_000);
    live.applyTicks([trade('ACME', 2, 51, T0 + 70_000)], () => {});
    const batch = flush()!;
    expect(batch.reset).toBe(false);
    expect(batch.restarted).toEqual(['replay:A']);
    // The replay's series comes whole (what is left before the seek); the live one only grows.
    expect(batch.series.find((s) => s.id === 'replay:A')).toMatchObject({ t: [T0 + 10] });
    expect(batch.series.find((s) => s.id === 'ACME')).toMatchObject({ t: [T0 + 70_000] });
    // Nothing moved since: no second restart.
    expect(flush()?.restarted).toBeUndefined();
  });

  it('an instrument that left and came back restarts; one that stayed away does not', () => {
    const { live, replay, merged, both, flush } = setup();
    flush();
    replay.applyTicks([trade('A', 1, 10, T0 + 10)], () => {});
    flush();
    merged.setParts([both[0]]);
    const left = flush()!;
    expect(left.restarted).toBeUndefined();
    live.applyTicks([trade('ACME', 1, 50, T0 + 20)], () => {});
    expect(flush()!.restarted).toBeUndefined();
    merged.setParts(both);
    const back = flush()!;
    expect(back.restarted).toEqual(['replay:A']);
    expect(back.market.map((r) => r.id)).toContain('replay:A');
    expect(back.series.find((s) => s.id === 'replay:A')).toMatchObject({ t: [T0 + 10] });
    // Back for good: a later change of the instrument list does not restart it again.
    live.setInstruments([market('ACME'), market('BOLT')]);
    expect(flush()!.restarted).toBeUndefined();
  });

  it("a seek re-sends the selected replay instrument's tape from its start, once", () => {
    const { live, replay, consumer, flush } = setup();
    consumer.declareInterest({ rows: ['replay:A'], charted: [], selected: 'replay:A' });
    flush();
    replay.applyTicks([trade('A', 1, 10, T0 + 10), trade('A', 2, 11, T0 + 20)], () => {});
    expect(flush()!.depth).toMatchObject({ id: 'replay:A', tapeReset: false });
    replay.seekTo(T0 + 30_000);
    const batch = flush()!;
    expect(batch.restarted).toEqual(['replay:A']);
    expect(batch.depth).toMatchObject({ id: 'replay:A', tapeReset: true });
    expect(batch.depth!.trades.price).toEqual([10, 11]);
    // A later change elsewhere leaves the selected instrument's depth alone.
    live.setInstruments([market('ACME'), market('BOLT')]);
    const later = flush()!;
    expect(later.instruments!.map((i) => i.id)).toEqual(['ACME', 'BOLT', 'replay:A']);
    expect(later).not.toHaveProperty('depth');
  });
});
