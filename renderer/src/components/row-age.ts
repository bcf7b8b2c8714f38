/**
 * The data age a watchlist row shows beside its symbol. An age is worth a glance only when it
 * says something: a halt, old data, a slow feed; a row of a live, busy instrument shows none.
 */
import { formatAge } from '../state/freshness';
import type { RowFreshness } from '../state/row-pace';

/** A live row's data age is shown once it is this old, ms. */
export const AGE_SHOWN_AFTER_MS = 5_000;

/** The age text of a row ('' for none); `stale` when the row's source is not live. */
export function rowAgeText(freshness: RowFreshness | undefined, stale: boolean): string {
  if (freshness === undefined) return '';
  const age = freshness.ageMs === null ? '' : formatAge(freshness.ageMs);
  // A pair the venue halted may still tick: an age under a second would read as the halt's.
  if (freshness.halted) return (freshness.ageMs ?? 0) < 1_000 ? 'halted' : `halted ${age}`;
  return stale || (freshness.ageMs ?? 0) >= AGE_SHOWN_AFTER_MS ? age : '';
}
