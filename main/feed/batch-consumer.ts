/**
 * A consumer of batches as the batcher keeps it (its cursors, flow window, interest, sweep and
 * depth cursor), and the handle its owner holds: acknowledge, declare an interest, detach.
 */
import type { Batch } from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import { DEFAULT_DEPTH_LEVELS, interestIds } from '../../protocol/interest';
import type { RestartCursors } from './batch-restarts';
import { CompactSweep } from './compact-sweep';
import { emptyDepthCursor } from './depth-batch';

/** A consumer's handle: acknowledge batches to receive more; detach to stop. */
export interface BatchConsumer {
  ack(seq: number): void;
  /** Replaces what the consumer shows; from its next batch on, full detail only for that. */
  declareInterest(interest: Interest): void;
  detach(): void;
}

/** A consumer's state; its cursors, epochs, interest and selection are `RestartCursors`'. */
export interface Consumer extends RestartCursors {
  readonly send: (batch: Batch) => void;
  nextSeq: number;
  /** Sequence numbers sent and not yet acknowledged. */
  unacked: number[];
  stateVersion: number;
  healthVersion: number;
  lastSentAt: number;
  /** Instruments outside the interest get compact rows (Interest.others). */
  compactOthers: boolean;
  /** Instruments on the consumer's charts: their series travel in more detail. */
  charted: ReadonlySet<string>;
  interestChanged: boolean;
  readonly sweep: CompactSweep;
}

/** A consumer that has seen nothing: its first batch is a reset. */
export function newConsumer(send: (batch: Batch) => void): Consumer {
  return {
    send,
    cursors: new Map(),
    nextSeq: 1,
    unacked: [],
    epoch: -1,
    historyEpoch: undefined,
    gone: new Set(),
    instrumentsVersion: -1,
    stateVersion: -1,
    healthVersion: -1,
    lastSentAt: -Infinity,
    interest: null,
    compactOthers: true,
    charted: new Set(),
    recharted: new Set(),
    interestChanged: false,
    sweep: new CompactSweep(),
    selection: null,
    depth: emptyDepthCursor(),
  };
}

/** The handle of `c`; `detach` runs when its owner lets go. */
export function consumerHandle(c: Consumer, detach: () => void): BatchConsumer {
  return {
    ack: (seq) => {
      c.unacked = c.unacked.filter((s) => s > seq);
    },
    declareInterest: (interest) => {
      c.interest = interestIds(interest);
      c.compactOthers = interest.others !== 'none';
      const charted = new Set(interest.charted);
      for (const id of charted)
        if (!c.charted.has(id) && c.cursors.get(id)?.thinned) c.recharted.add(id);
      c.charted = charted;
      c.selection =
        interest.selected === null
          ? null
          : { id: interest.selected, levels: interest.depthLevels ?? DEFAULT_DEPTH_LEVELS };
      c.interestChanged = true;
    },
    detach,
  };
}
