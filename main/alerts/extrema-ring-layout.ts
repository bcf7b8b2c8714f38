/**
 * Where a ring of ExtremaRings keeps what, within its region (RingRegions): its positions as
 * 32-bit integers (read through the Int32Array, at twice the region's offset), then its numbers
 * as doubles, then per window length its length, threshold and cursor, then the (ts, value)
 * pairs. One definition for the push (extrema-rings.ts) and the extremes (ring-extremes.ts).
 */
/** A region's integers, from twice its offset in the Int32Array. */
export const TAIL = 0; // one past the newest entry (absolute count, masked into the ring)
export const HEAD = 1; // the oldest live entry (the longest window's cursor)
export const MASK = 2; // ring entries less one (a power of two less one)
export const LOW_WATER = 3; // the lowest tail since the cursors last moved: a cursor at or past it was popped
export const DIRTY = 4; // 1: pushed since the cursors last moved
export const ENTRIES = 5; // where the (ts, value) pairs start, in doubles from the buffer's start
export const COUNT = 6; // window lengths
export const SIGN = 7; // values are stored times SIGN (1: highs, -1: lows)
/** A region's doubles, from its offset in the Float64Array (after the integers' five). */
export const BOUND = 5; // the highest value kept: at least every window's extreme
export const NEWEST = 6; // time of the newest entry
export const LEAST = 7; // the lowest of the windows' thresholds
export const HEADER = 8;
/** Doubles per window length after the header: its length (ms), its threshold, its cursor (an integer). */
export const W = 3;
export const CURSOR = 2;
export const INITIAL_ENTRIES = 16;
/** Positions past this are moved back by whole rings, so they stay 32-bit integers. */
export const REBASE_AT = 2 ** 30;
