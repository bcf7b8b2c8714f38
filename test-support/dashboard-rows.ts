/**
 * Watchlist rows as the page builds them: a reset with ACME at 101 and GLBX at 99 (the test
 * instruments), then each `[id, last]` move applied as a batch of its own.
 */
import { DashboardState } from '../renderer/src/state/dashboard.svelte';
import { INSTRUMENTS, batch, marketRow } from './batches';

export function rowsAfter(...moves: [string, number][]) {
  const s = new DashboardState();
  s.apply(
    batch({
      reset: true,
      instruments: INSTRUMENTS,
      market: [marketRow('ACME', 101), marketRow('GLBX', 99)],
    }),
    0,
  );
  for (const [id, last] of moves) s.apply(batch({ market: [marketRow(id, last)] }), 0);
  return s.rows;
}
