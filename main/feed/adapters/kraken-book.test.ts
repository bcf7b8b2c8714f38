import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { parseDecimalText } from './decimal';
import {
  KRAKEN_BOOK_SNAPSHOT,
  KRAKEN_BOOK_UPDATE,
  KRAKEN_CHECKSUM_GUIDE,
} from '../../../test-support/kraken-book-payloads';
import type { BookLevel } from './kraken-book';
import { KrakenBook, checksumInput } from './kraken-book';

function level(price: string, qty: string): BookLevel {
  return { price: parseDecimalText(price)!, qty: parseDecimalText(qty)! };
}

/** Levels of a documented book message, read with their number text kept. */
function levelsOf(text: string): { bids: BookLevel[]; asks: BookLevel[]; checksum: number } {
  const quoted = text.replace(/"(price|qty)":\s*(-?[\d.]+)/g, '"$1":"$2"');
  const item = JSON.parse(quoted).data[0];
  const read = (side: { price: string; qty: string }[]) => side.map((l) => level(l.price, l.qty));
  return { bids: read(item.bids), asks: read(item.asks), checksum: item.checksum };
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
  });
});

describe('Kraken book checksum', () => {
  it("reproduces the guide's BTC/USD worked example (3310070434)", () => {
    const { bids, asks, checksum } = levelsOf(KRAKEN_CHECKSUM_GUIDE);
    expect(checksum).toBe(3310070434);
    const input = checksumInput(asks, bids, 1, 8);
    // The guide's first ask: "45285.2" -> "452852", "0.00100000" -> "100000".
    expect(input.startsWith('452852100000')).toBe(true);
    expect(crc32(input)).toBe(3310070434);
  });

  it('reproduces the MATIC/USD snapshot (2439117997) and the update applied to it (2114181697)', () => {
    const snap = levelsOf(KRAKEN_BOOK_SNAPSHOT);
    const book = new KrakenBook(10);
    book.replace(snap.bids, snap.asks);
    expect(book.checksum(4, 8)).toBe(2439117997);
    expect(book.checksum(4, 8)).toBe(snap.checksum);
    const update = levelsOf(KRAKEN_BOOK_UPDATE);
    book.update(update.bids, update.asks);
    expect(book.checksum(4, 8)).toBe(2114181697);
  });

  it('depends on the precision, not the JSON number text (0.566 is written 5660)', () => {
    const snap = levelsOf(KRAKEN_BOOK_SNAPSHOT);
    const book = new KrakenBook(10);
    book.replace(snap.bids, snap.asks);
    expect(book.checksum(5, 8)).not.toBe(2439117997);
    // Without the instrument channel, the precision seen on the wire is the right one here.
    expect(book.seenPriceDecimals).toBe(4);
    expect(book.seenQtyDecimals).toBe(8);
  });

  it('keeps asks ascending and bids descending, removes qty 0 and truncates to depth', () => {
    const book = new KrakenBook(2);
    book.replace(
      [level('10', '1'), level('12', '1'), level('11', '1')],
      [level('14', '1'), level('13', '1')],
    );
    expect(book.bids.map((l) => l.price.text)).toEqual(['12', '11']);
    expect(book.asks.map((l) => l.price.text)).toEqual(['13', '14']);
    // Several updates of one level in one message apply in order.
    book.update([level('12', '0'), level('11', '3'), level('11.5', '2'), level('11.5', '4')], []);
    expect(book.bids.map((l) => [l.price.text, l.qty.text])).toEqual([
      ['11.5', '4'],
      ['11', '3'],
    ]);
  });
});

describe('Kraken book under hostile frames', () => {
  /** A level whose price reads are counted: the work an update does, free of timing noise. */
  function countedLevel(price: number, qty: string, reads: { count: number }): BookLevel {
    const exact = parseDecimalText(String(price))!;
    return {
      price: {
        text: exact.text,
        decimals: exact.decimals,
        get value() {
          reads.count++;
          return exact.value;
        },
      },
      qty: parseDecimalText(qty)!,
    };
  }

  it('holds at most depth levels and reads each level a bounded number of times (was quadratic)', () => {
    const levels = 4_000;
    const reads = { count: 0 };
    // Worst case for a linear insert: every new bid is the lowest so far.
    const bids = Array.from({ length: levels }, (_, i) => countedLevel(50_000 - i, '1', reads));
    const asks = Array.from({ length: levels }, (_, i) => countedLevel(50_001 + i, '1', reads));
    const book = new KrakenBook(10);
    book.update(bids, asks);
    expect(book.bids.map((l) => l.price.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => String(50_000 - i)),
    );
    expect(book.asks).toHaveLength(10);
    // A binary search into 10 levels reads a price about 5 times; a linear scan of the whole
    // side read it about 4,000 times.
    expect(reads.count / (2 * levels)).toBeLessThan(12);
  });

  it('applies a 2 MB frame of 40,000 levels a side in bounded time', () => {
    const side = (from: number, step: number) =>
      Array.from({ length: 40_000 }, (_, i) => level((from + step * i).toFixed(1), '0.5'));
    const book = new KrakenBook(10);
    const started = performance.now();
    book.update(side(40_000, -0.1), side(40_001, 0.1));
    // Generous for a loaded machine: it takes a few ms; the quadratic insert took 3.8 s idle.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(book.bids[0]!.price.text).toBe('40000.0');
    expect(book.asks[0]!.price.text).toBe('40001.0');
    expect(book.bids).toHaveLength(10);
  });

  it('gives the same book as applying every level in order, then cutting to depth', () => {
    const price = fc.integer({ min: 1, max: 30 }).map(String);
    const qty = fc.constantFrom('0', '1', '2.5');
    const levels = fc.array(fc.tuple(price, qty), { maxLength: 40 });
    fc.assert(
      fc.property(fc.array(fc.tuple(levels, levels), { minLength: 1, maxLength: 6 }), (msgs) => {
        const book = new KrakenBook(5);
        const bids = new Map<string, string>();
        const asks = new Map<string, string>();
        for (const [b, a] of msgs) {
          book.update(
            b.map(([p, q]) => level(p, q)),
            a.map(([p, q]) => level(p, q)),
          );
          for (const [side, list, dir] of [
            [bids, b, -1],
            [asks, a, 1],
          ] as const) {
            for (const [p, q] of list)
              if (q === '0') side.delete(p);
              else side.set(p, q);
            const kept = [...side].sort(([x], [y]) => (Number(x) - Number(y)) * dir).slice(0, 5);
            side.clear();
            for (const [p, q] of kept) side.set(p, q);
          }
          expect(book.bids.map((l) => [l.price.text, l.qty.text])).toEqual([...bids]);
          expect(book.asks.map((l) => [l.price.text, l.qty.text])).toEqual([...asks]);
        }
      }),
    );
  });
});
