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
export const LAST = 9;
/**
 * A price's numbers, from its start: the last price (NaN before the first); the quiet band, the
 * open interval in which no rule on the price can fire, its level rules' band narrowed by its
 * move rules' (price-rules.ts); the highest and lowest price its move windows held when the band
 * was set (+Infinity and -Infinity without them), past which the band must be set again; and
 * its log of prices not yet pushed into its windows: how many (-1: no windows) and where they
 * start in the log, two 32-bit integers (read through `ints`) in one number.
 */
export const PREV = 0;
export const BAND_LOW = 1;
export const BAND_HIGH = 2;
export const HIGH = 3;
export const LOW = 4;
export const LOG = 5;
/**
 * Entries a price's log holds (ts, price): the pushes into its windows wait for this many. 64
 * read 0.94x 32's on the fold hooked as the engine, 128 1.13x 64's (docs/PERFORMANCE.md, "the
 * pushes logged").
 */
export const LOG_ENTRIES = 64;
/** Extrema windows a row (highs and lows of last, then of mid), in `windows`. */
export const WINDOWS = 4;

export type PriceAt = typeof MID | typeof LAST;
