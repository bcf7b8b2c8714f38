/**
 * A Kraken v2 L2 book kept to its subscribed depth, and the CRC32 checksum Kraken sends with
 * every snapshot and update. https://docs.kraken.com/api/docs/guides/spot-ws-book-v2
 *
 * Checksum rule: top 10 asks low -> high, then top 10 bids high -> low; for each level the
 * price and then the qty, each written with the pair's precision, '.' removed and leading
 * zeros stripped; CRC32 of the concatenation as an unsigned 32-bit integer. The precision
 * matters: v2 sends JSON numbers, so 0.566 must be written as "0.5660" (price precision 4).
 */
import { crc32 } from './crc32';
import type { ExactDecimal } from './decimal';
import { padDecimal } from './decimal';
import type { Obj } from './fields';
import { arr, dec, int, obj } from './fields';

/** Levels per side the checksum covers, whatever the subscribed depth. */
export const CHECKSUM_LEVELS = 10;

export interface BookLevel {
  readonly price: ExactDecimal;
  readonly qty: ExactDecimal;
}

/** Digits after the point as written on the wire ("45281.0" has 1). */
export function writtenDecimals(d: ExactDecimal): number {
  const dot = d.text.indexOf('.');
  return dot === -1 ? 0 : d.text.length - dot - 1;
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
    for (const level of bids) this.set(this.bids, level, -1);
    for (const level of asks) this.set(this.asks, level, 1);
    this.bids.length = Math.min(this.bids.length, this.depth);
    this.asks.length = Math.min(this.asks.length, this.depth);
  }

  checksum(pricePrecision: number, qtyPrecision: number): number {
    return crc32(checksumInput(this.asks, this.bids, pricePrecision, qtyPrecision));
  }

  /** `dir` 1 keeps the side ascending (asks), -1 descending (bids). */
  private set(side: BookLevel[], level: BookLevel, dir: 1 | -1): void {
    this.seenPriceDecimals = Math.max(this.seenPriceDecimals, writtenDecimals(level.price));
    this.seenQtyDecimals = Math.max(this.seenQtyDecimals, writtenDecimals(level.qty));
    const p = level.price.value;
    let i = 0;
    while (i < side.length && (side[i]!.price.value - p) * dir < 0) i++;
    const same = i < side.length && side[i]!.price.value === p;
    if (level.qty.value === 0) {
      if (same) side.splice(i, 1);
    } else if (same) {
      side[i] = level;
    } else {
      side.splice(i, 0, level);
    }
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
