/**
 * The numbers a tick reads first, for every instrument an evaluator indexes, in one flat
 * Float64Array: a row per instrument with its event clock, when its next cooling rule re-arms,
 * the spread rules' lowest threshold, and each price's (last trade, quote mid) previous value
 * and quiet band. With 1,000 instruments hit at random, each object a tick reached first was a
 * cache miss (docs/PERFORMANCE.md, "Alerts at scale"), and V8 keeps each mutable double field
 * of an object in a heap box of its own, one more miss; a row holds them all, inline, so a tick
 * that fires nothing reads its alert numbers from one row instead of three or four objects.
 */

/** The instrument's newest event time: windows and cooldowns run on it, never backwards. */
export const CLOCK = 0;
/** The first cooling rule's re-arm time (event time), Infinity when none cools. */
export const REARM_AT = 1;
/** The lowest `spread-above` value, Infinity when none. */
export const SPREAD_LEAST = 2;
/** Where the last trade's numbers start (PREV, BAND_LOW, BAND_HIGH from there). */
export const LAST = 3;
/** Where the quote mid's numbers start. */
export const MID = 6;
/** From a price's start: its previous value, NaN before the first. */
export const PREV = 0;
/**
 * From a price's start: its quiet band, the open interval (BAND_LOW, BAND_HIGH) in which no
 * level rule can fire (see `PriceRules.settleBand`); empty (Infinity, -Infinity) until set.
 */
export const BAND_LOW = 1;
export const BAND_HIGH = 2;

/**
 * Doubles per row: the 9 above, rounded up to a power of two so a row never spans more than
 * the two adjacent cache lines a spatial prefetcher fetches together.
 */
const STRIDE = 16;
const INITIAL_ROWS = 64;

/** The values of a new row: no time seen, nothing cooling, no rules, no price, empty bands. */
const FRESH = [-Infinity, Infinity, Infinity, NaN, Infinity, -Infinity, NaN, Infinity, -Infinity];

/** True when `v` is inside the quiet band of the price starting at `price` in `numbers`. */
export function inBand(numbers: Float64Array, price: number, v: number): boolean {
  return v > (numbers[price + BAND_LOW] as number) && v < (numbers[price + BAND_HIGH] as number);
}

/** The rows of one evaluator; a row is an offset into `numbers`, kept for the index's life. */
export class HotRows {
  /** Replaced when it grows: read it afresh on every tick, never keep it. */
  numbers = new Float64Array(STRIDE * INITIAL_ROWS);
  private used = 0;
  private free: number[] = [];
  /** Released since the last {@link recycle}: not handed out again until then. */
  private released: number[] = [];

  /** A row set to the fresh values; returns its offset. */
  allocate(): number {
    let row = this.free.pop();
    if (row === undefined) {
      if (STRIDE * (this.used + 1) > this.numbers.length) {
        const grown = new Float64Array(2 * this.numbers.length);
        grown.set(this.numbers);
        this.numbers = grown;
      }
      row = STRIDE * this.used++;
    }
    this.numbers.set(FRESH, row);
    return row;
  }

  /** Gives back a row whose index was dropped (its rules were edited away). */
  release(row: number): void {
    this.released.push(row);
  }

  /**
   * Makes the released rows available again. Not while a tick is being evaluated: an index
   * dropped by a rule list set from an alert listener is still finishing that tick, and must
   * not write into a row another index has just taken.
   */
  recycle(): void {
    this.free = this.free.concat(this.released);
    this.released = [];
  }
}
