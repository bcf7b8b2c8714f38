/**
 * The page's dashboard state after a reset with ACME at 101 and GLBX at 99 (the test
 * instruments), and the watchlist rows it builds from there.
 */
import type { Batch } from '../protocol/batch';
import { DashboardState } from '../renderer/src/state/dashboard.svelte';
import { INSTRUMENTS, batch, marketRow } from './batches';

/** The state after that reset, with `more` of the reset batch (its matches, say). */
export function startedDashboard(more: Partial<Batch> = {}): DashboardState {
  const s = new DashboardState();
  s.apply(
    batch({
      reset: true,
      instruments: INSTRUMENTS,
      market: [marketRow('ACME', 101), marketRow('GLBX', 99)],
      ...more,
    }),
    0,
  );
  return s;
}

/** The watchlist's rows after that reset, then each `[id, last]` move as a batch of its own. */
export function rowsAfter(...moves: [string, number][]) {
  const s = startedDashboard();
  for (const [id, last] of moves) s.apply(batch({ market: [marketRow(id, last)] }), 0);
  return s.rows;
}
