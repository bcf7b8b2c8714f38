import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { parseDecimalText } from './decimal';
import {
  KRAKEN_BOOK_SNAPSHOT,
  KRAKEN_BOOK_UPDATE,
  KRAKEN_CHECKSUM_GUIDE,
} from '../../../test-support/exchange-payloads';
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
