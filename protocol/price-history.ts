/**
 * Older price history on request: a page zoomed or panned back past the oldest point it holds
 * asks the engine (the `history:prices` command) for the points its rings still hold in a
 * time range, bounded in count, and merges them in before its own.
 */
import { MAX_ID_CHARS } from './limits';

/** Most points one request may ask for (and so one reply carries). */
export const MAX_HISTORY_POINTS = 5_000;

/** Page -> host: the points of `id` with `from <= t < to`, at most `maxPoints` of them. */
export interface PriceHistoryRequest {
  readonly id: string;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive; above `from`. */
  readonly to: number;
  /** 2 to {@link MAX_HISTORY_POINTS}; more points in the range are thinned (min/max kept). */
  readonly maxPoints: number;
}

/**
 * Host -> page: the points found, oldest first, columnar (none when the engine holds nothing
 * there, or the instrument is unknown).
 */
export interface PriceHistory {
  readonly id: string;
  readonly t: readonly number[];
  readonly price: readonly number[];
}

/** Null when `v` is a well-formed request, else a message naming the field. */
export function checkPriceHistoryRequest(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return 'history: expected an object {id, from, to, maxPoints}';
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id.length === 0 || r.id.length > MAX_ID_CHARS)
    return `history.id: expected an instrument id of 1 to ${MAX_ID_CHARS} characters`;
  for (const key of ['from', 'to'] as const) {
    const t = r[key];
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0)
      return `history.${key}: expected a time in epoch ms`;
  }
  if ((r.to as number) <= (r.from as number)) return 'history.to: expected a time after from';
  const n = r.maxPoints;
  if (!Number.isInteger(n) || (n as number) < 2 || (n as number) > MAX_HISTORY_POINTS)
    return `history.maxPoints: expected a whole number from 2 to ${MAX_HISTORY_POINTS}`;
  return null;
}
