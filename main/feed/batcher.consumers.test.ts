/**
 * Several windows on one engine: each is its own consumer, with its own acks and its own
 * interest, so a popped-out chart of one instrument receives that instrument and nothing of
 * the watchlist the main window shows.
 */
import { describe, expect, it } from 'vitest';
import type { Batch } from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import { Batcher } from './batcher';
import { FeedState } from './feed-state';
import { HEALTH, T0, market, trade } from '../../test-support/engine-fixtures';
import { rowsOf } from '../../test-support/batch-view';

const IDS = Array.from({ length: 200 }, (_, i) => `I${i}`);
const BATCH_MS = 33;

interface Window {
  readonly rows: Map<string, number>;
  bytes: number;
  batches: number;
}

/** Two consumers on one batcher, each acking what it gets at once, like a drawn page. */
function twoWindows(main: Interest, popout: Interest) {
  const state = new FeedState();
  state.setInstruments(IDS.map(market));
  const batcher = new Batcher(state, () => {});
  const attach = (interest: Interest): Window => {
    const w: Window = { rows: new Map(), bytes: 0, batches: 0 };
    const consumer = batcher.attach((batch: Batch) => {
      w.bytes += JSON.stringify(batch).length;
      w.batches++;
      if (!batch.reset)
        for (const r of rowsOf(batch)) w.rows.set(r.id, (w.rows.get(r.id) ?? 0) + 1);
      consumer.ack(batch.seq);
    });
    consumer.declareInterest(interest);
    return w;
  };
  const windows = { main: attach(main), popout: attach(popout) };
  let now = T0;
  /** Two seconds of a trade on every instrument per batch. */
  const run = () => {
    for (let seq = 1; seq <= Math.round(2_000 / BATCH_MS); seq++) {
      state.applyTicks(
        IDS.map((id) => trade(id, seq, 100 + seq, now)),
        () => {},
      );
      batcher.flush((now += BATCH_MS), () => HEALTH, 0);
    }
  };
  return { ...windows, run };
}

const WATCHLIST = IDS.slice(0, 40);

describe('Batcher with a main window and a popped-out chart', () => {
  it('sends the popped-out chart only its instrument, and a small share of the bytes', () => {
    const w = twoWindows(
      { rows: WATCHLIST, charted: ['I7'], selected: 'I7' },
      { rows: [], charted: ['I150'], selected: 'I150', others: 'none' },
    );
    w.run();
    expect([...w.popout.rows.keys()]).toEqual(['I150']);
    // The main window still gets every instrument: its rows in view in full, the rest compact.
    expect(w.main.rows.size).toBe(IDS.length);
    // Both at the full rate: one consumer's interest does not slow the other.
    expect(w.popout.batches).toBeGreaterThanOrEqual(w.main.batches - 1);
    expect(w.popout.bytes / w.main.bytes).toBeLessThan(0.1);
  });

  it('gives a consumer that keeps compact others every instrument, as the watchlist needs', () => {
    const w = twoWindows(
      { rows: WATCHLIST, charted: [], selected: null },
      { rows: [], charted: ['I150'], selected: 'I150' },
    );
    w.run();
    expect(w.popout.rows.size).toBe(IDS.length);
  });
});
