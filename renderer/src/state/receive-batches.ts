/**
 * A page's batch wiring, the same in the main page and a pop-out: each batch is folded into
 * the page's state, the frame loop is told (the next animation frame draws it), and it is
 * acknowledged at once, so the host sends the next (protocol/batch.ts, flow control).
 */
import type { Batch } from '../../../protocol/batch';
import type { TickdeckApi } from '../../../protocol/ipc';

/** What folds a batch: the page's state (./dashboard.svelte.ts). */
export interface BatchFold {
  apply(batch: Batch): void;
}

/** What draws it: the charts' frame loop (../charts/scheduler.ts). */
export interface BatchDrawn {
  batchArrived(newestTickTs: number | null): void;
}

/** Starts receiving; `received` runs after each batch. Returns the function that stops it. */
export function receiveBatches(
  api: Pick<TickdeckApi, 'onBatch' | 'ack'>,
  state: BatchFold,
  scheduler: BatchDrawn,
  received: () => void = () => {},
): () => void {
  return api.onBatch((batch) => {
    state.apply(batch);
    scheduler.batchArrived(batch.newestTickTs);
    api.ack(batch.seq); // folded in; the next animation frame draws it
    received();
  });
}
