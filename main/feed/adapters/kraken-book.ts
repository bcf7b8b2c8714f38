/**
 * A Kraken v2 L2 book kept to its subscribed depth, and the CRC32 checksum Kraken sends with
 * every snapshot and update. https://docs.kraken.com/api/docs/guides/spot-ws-book-v2
 *
 * Checksum rule: top 10 asks low -> high, then top 10 bids high -> low; for each level the
 * price and then the qty, each written with the pair's precision, '.' removed and leading
 * zeros stripped; CRC32 of the concatenation as an unsigned 32-bit integer. The precision
 * matters: v2 sends JSON numbers, so 0.566 must be written as "0.5660" (price precision 4).
 */
import { MAX_DECIMALS } from '../../../protocol/limits';
import { crc32 } from './crc32';
import type { ExactDecimal } from './decimal';
import { padDecimal, writtenDecimals } from './decimal';
import type { Obj } from './fields';
import { FieldError, arr, dec, int, obj } from './fields';

/** Levels per side the checksum covers, whatever the subscribed depth. */
export const CHECKSUM_LEVELS = 10;

/**
 * Largest `price_precision`/`qty_precision` accepted from the instrument channel. Kraken's
 * pairs use at most 10 (quantities 8); the checksum pads every level to the precision, so an
 * unbounded one (1e6) cost 260 ms per 577-byte book message and 2e7 about 500 MB.
 */
export const MAX_PRECISION = MAX_DECIMALS;

export interface BookLevel {
  readonly price: ExactDecimal;
  readonly qty: ExactDecimal;
}

/** A precision from the instrument channel: an integer from 0 to {@link MAX_PRECISION}. */
export function readPrecision(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_PRECISION)
    throw new FieldError(`${path}.${key}`, `an integer from 0 to ${MAX_PRECISION}`, v);
  return v;
}

function checksumField(d: ExactDecimal, places: number): string {
  return padDecimal(d.text, places).replace('.', '').replace(/^0+/, '');
}

/** The string Kraken's checksum is the CRC32 of. */
export function checksumInput(
  asks: readonly BookLevel[],
  bids: readonly BookLevel[],
  pricePrecision: number,
  qtyPrecision: number,
): string {
  let s = '';
  for (const side of [asks, bids]) {
    for (const level of side.slice(0, CHECKSUM_LEVELS)) {
      s += checksumField(level.price, pricePrecision) + checksumField(level.qty, qtyPrecision);
    }
  }
  return s;
}

/** One symbol's book. Asks are kept low -> high, bids high -> low. */
export class KrakenBook {
  asks: BookLevel[] = [];
  bids: BookLevel[] = [];
  /** Largest number of decimals seen on the wire, the precision when none is known. */
  seenPriceDecimals = 0;
  seenQtyDecimals = 0;

  constructor(readonly depth: number) {}

  /** Replaces the book with a snapshot. */
  replace(bids: readonly BookLevel[], asks: readonly BookLevel[]): void {
    this.asks = [];
    this.bids = [];
    this.update(bids, asks);
  }

  /**
   * Applies one update message: levels in order (a price may repeat), qty 0 removes, then
   * the book is cut to its depth, since Kraken sends no removal for levels that fall out.
   */
  update(bids: readonly BookLevel[], asks: readonly BookLevel[]): void {
    this.bids = this.merge(this.bids, bids, -1);
    this.asks = this.merge(this.asks, asks, 1);
  }

  checksum(pricePrecision: number, qtyPrecision: number): number {
    return crc32(checksumInput(this.asks, this.bids, pricePrecision, qtyPrecision));
  }

  /**
   * The side after one message's levels. In order, only each price's last level counts (qty 0
   * removes it), so the survivors are inserted by binary search into a side that never holds
   * more than `depth` levels: O(n log depth) for n levels. Inserting all of them before
   * cutting was quadratic (a 2 MB frame of 40k levels a side took 3.8 s).
   * `dir` 1 keeps the side ascending (asks), -1 descending (bids).
   */
  private merge(side: BookLevel[], levels: readonly BookLevel[], dir: 1 | -1): BookLevel[] {
    if (levels.length === 0) return side;
    const lastByPrice = new Map<number, BookLevel>();
    for (const level of levels) {
      this.seenPriceDecimals = Math.max(this.seenPriceDecimals, writtenDecimals(level.price));
      this.seenQtyDecimals = Math.max(this.seenQtyDecimals, writtenDecimals(level.qty));
      lastByPrice.set(level.price.value, level);
    }
    const out: BookLevel[] = [];
    for (const level of side) if (!lastByPrice.has(level.price.value)) this.insert(out, level, dir);
    for (const level of lastByPrice.values())
      if (level.qty.value !== 0) this.insert(out, level, dir);
    return out;
  }

  /** Inserts a level of a price not in `side` at its place, keeping at most `depth` levels. */
  private insert(side: BookLevel[], level: BookLevel, dir: 1 | -1): void {
    const p = level.price.value;
    let lo = 0;
    let hi = side.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((side[mid]!.price.value - p) * dir < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.depth) return;
    side.splice(lo, 0, level);
    if (side.length > this.depth) side.pop();
  }
}

/** Reads a `bids` or `asks` array of `{price, qty}` levels (numbers or decimal strings). */
export function readLevels(v: unknown, path: string): BookLevel[] {
  return arr(v, path).map((l, i) => {
    const o = obj(l, `${path}[${i}]`);
    return {
      price: dec(o, 'price', `${path}[${i}]`, true),
      qty: dec(o, 'qty', `${path}[${i}]`, true),
    };
  });
}

/** One pair's book as the `book` channel drives it: snapshot, updates, checksum. */
export class PairBook {
  readonly book: KrakenBook;
  /** False until a snapshot, and after a checksum mismatch until the next one. */
  valid = false;
  /** From the instrument channel; until then, the most decimals seen on the wire. */
  pricePrecision: number | null = null;
  qtyPrecision: number | null = null;

  constructor(depth: number) {
    this.book = new KrakenBook(depth);
  }

  /** Applies one book message item; returns what went wrong with the checksum, or null. */
  apply(item: Obj, path: string, snapshot: boolean): string | null {
    const bids = readLevels(item.bids, `${path}.bids`);
    const asks = readLevels(item.asks, `${path}.asks`);
    const expected = int(item, 'checksum', path);
    if (snapshot) {
      this.book.replace(bids, asks);
      this.valid = true;
    } else if (!this.valid) {
      return null; // waiting for the snapshot the resubscribe brings
    } else {
      this.book.update(bids, asks);
    }
    const actual = this.book.checksum(
      this.pricePrecision ?? this.book.seenPriceDecimals,
      this.qtyPrecision ?? this.book.seenQtyDecimals,
    );
    if (actual === expected) return null;
    this.valid = false;
    return `book checksum ${actual} != ${expected}`;
  }
}
