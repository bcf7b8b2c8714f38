/**
 * Where an instrument's row of AlertRows keeps what: its numbers, a row each in one
 * Float64Array. One definition for the writes the rules make (alert-row-table.ts) and the tick
 * that reads them (alert-rows.ts).
 */

/**
 * Numbers a row: the fields below, padded to 128 bytes (where lines fall within a row depends on
 * the array's address: docs/PERFORMANCE.md, "Alerts at scale", 5 Dec sixth session).
 */
export const STRIDE = 16;
export const CLOCK = 0;
export const REARM_AT = 1;
export const SPREAD_LEAST = 2;
/** Where a price's numbers start in a row (the mid's beside the clock: 70 % of ticks are quotes). */
export const MID = 3;
export const LAST = 8;
/**
 * A price's numbers, from its start: the last price (NaN before the first), the quiet band,
 * and the offsets of its highs and lows in `rings` (-1: none), these two as 32-bit integers in
 * their numbers' first half (read through `ints`, so the push gets an integer, not a double).
 */
export const PREV = 0;
export const BAND_LOW = 1;
export const BAND_HIGH = 2;
export const HIGHS = 3;
export const LOWS = 4;
/** Extrema windows a row (highs and lows of last, then of mid), in `windows`. */
export const WINDOWS = 4;

export type PriceAt = typeof MID | typeof LAST;
