/**
 * Older price history on request: a page zoomed or panned back past the oldest point (or bar)
 * it holds asks the engine (the `history:prices` command) for the points, or the bars of an
 * interval, its rings still hold in a time range, bounded in count, and merges them in before
 * its own.
 */
import { BAR_INTERVALS_MS, type BarIntervalMs } from './batch';
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
  /**
   * 2 to {@link MAX_HISTORY_POINTS}; more points in the range are thinned (min/max kept). With
   * {@link barIntervalMs}: the most bars, the newest in the range.
   */
  readonly maxPoints: number;
  /** Bars of this interval opening in the range, instead of points (in `bars` of the reply). */
  readonly barIntervalMs?: BarIntervalMs;
}

/**
 * Bars, columnar, oldest first. `v` is null where the engine no longer holds the bar itself
 * and built it from its price points, which carry no volume.
 */
export interface BarHistory {
  readonly t: readonly number[];
  readonly o: readonly number[];
  readonly h: readonly number[];
  readonly l: readonly number[];
  readonly c: readonly number[];
  readonly v: readonly (number | null)[];
}

/**
 * Host -> page: the points found, oldest first, columnar (none when the engine holds nothing
 * there, or the instrument is unknown).
 */
export interface PriceHistory {
  readonly id: string;
  readonly t: readonly number[];
  readonly price: readonly number[];
  /** Present when the request named a bar interval (`t` and `price` are then empty). */
  readonly bars?: BarHistory;
}

/** Null when `v` is a well-formed request, else a message naming the field. */
export function checkPriceHistoryRequest(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return 'history: expected an object {id, from, to, maxPoints, barIntervalMs?}';
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
  const interval = r.barIntervalMs;
  if (interval !== undefined && !(BAR_INTERVALS_MS as readonly unknown[]).includes(interval))
    return `history.barIntervalMs: expected one of ${BAR_INTERVALS_MS.join(', ')}`;
  return null;
}
