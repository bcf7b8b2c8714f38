/**
 * A page's batch wiring, the same in the main page and a pop-out: each batch is folded into
 * the page's state, the frame loop is told (the next animation frame draws it), and it is
 * acknowledged at once, so the host sends the next (protocol/batch.ts, flow control); and
 * batches that stop coming are noticed.
 */
import type { Batch } from '../../../protocol/batch';
import type { TickdeckApi } from '../../../protocol/ipc';

/** How often a page checks that batches still come (`BatchFold.checkHost`), ms. */
export const HOST_CHECK_MS = 1_000;

/** What folds a batch: the page's state (./dashboard.svelte.ts). */
export interface BatchFold {
  apply(batch: Batch): void;
  /** Told every {@link HOST_CHECK_MS} with the time: the batches may have stopped coming. */
  checkHost(now: number): void;
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
  const off = api.onBatch((batch) => {
    state.apply(batch);
    scheduler.batchArrived(batch.newestTickTs);
    api.ack(batch.seq); // folded in; the next animation frame draws it
    received();
  });
  // A host that is gone sends nothing, and the last batch's health would say live for good.
  const watch = setInterval(() => state.checkHost(Date.now()), HOST_CHECK_MS);
  return () => {
    clearInterval(watch);
    off();
  };
}
