/**
 * What a page sends back on its batch path, bounded before it reaches the engine. Its interest
 * declarations, paced: the first goes to the engine at once, later ones at
 * most one per gap, the newest of each gap, so the last one declared always arrives. A page
 * declares its interest when what it shows changes (rows scrolled into view, a chart added), a
 * few times a second; each declaration is structured-cloned to the engine's worker (up to
 * MAX_INTEREST_IDS ids) and rebuilds the consumer's sets there, so a page posting thousands a
 * second (a compromised one) would spend the engine's CPU and memory without this bound.
 */
import type { Batch } from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import type { BatchConsumer } from '../feed/batch-consumer';

/** Least time between two declarations reaching the engine from one page, ms. */
export const INTEREST_GAP_MS = 50;

export interface PacedInterest {
  declare(interest: Interest): void;
  /** Drops a declaration still waiting (the page detached). */
  stop(): void;
}

export function pacedInterest(
  forward: (interest: Interest) => void,
  gapMs: number = INTEREST_GAP_MS,
): PacedInterest {
  let waiting: Interest | null = null;
  let gap: ReturnType<typeof setTimeout> | null = null;
  const open = () => {
    gap = null;
    if (waiting === null) return;
    const next = waiting;
    waiting = null;
    send(next);
  };
  const send = (interest: Interest) => {
    forward(interest);
    gap = setTimeout(open, gapMs);
  };
  return {
    declare(interest) {
      if (gap === null) send(interest);
      else waiting = interest;
    },
    stop() {
      if (gap !== null) clearTimeout(gap);
      gap = null;
      waiting = null;
    },
  };
}

/**
 * A page's consumer (`attach` called with the page's `send`), with its interest declarations
 * paced and its acks bounded: acks are cumulative, so one at or below the last forwarded says
 * nothing new and one above the last batch sent acknowledges nothing that exists; only the rest
 * reach the engine, at most one a batch, whatever a page posts. A batch numbered at or below
 * the last one sent starts a new numbering (the engine's worker restarted): the acks start
 * over (kept against the old one, every ack was dropped and the page got nothing after
 * FLOW_WINDOW batches). The new worker is given the page's interest by the engine
 * (worker-consumers.ts). Detaching drops a declaration still waiting.
 */
export function pacedConsumer(
  attach: (send: (batch: Batch) => void) => BatchConsumer,
  send: (batch: Batch) => void,
): BatchConsumer {
  let sent = 0;
  let acked = 0;
  const consumer = attach((batch) => {
    // A restarted engine worker numbers its batches from 1 again.
    if (batch.seq <= sent) acked = 0;
    sent = batch.seq;
    send(batch);
  });
  const interest = pacedInterest((i) => consumer.declareInterest(i));
  return {
    ack: (seq) => {
      if (!(seq > acked && seq <= sent)) return;
      acked = seq;
      consumer.ack(seq);
    },
    declareInterest: interest.declare,
    detach: () => {
      interest.stop();
      consumer.detach();
    },
  };
}
