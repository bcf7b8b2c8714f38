import { describe, expect, it } from 'vitest';
import type { BookTick } from '../protocol/feed';
import { bookLevelsRoom, writeBookSides } from './book-tick-bytes';

const tick = (over: Partial<BookTick> = {}): BookTick => ({
  instrument: 'ACME',
  seq: 7,
  ts: 1_700_000_000_000,
  kind: 'book',
  bids: [
    [101.25, 300],
    [101.2, 5],
  ],
  asks: [[101.3, 1_000_000]],
  ...over,
});

/** The sides written at position 2 of a buffer of 0xff bytes; throws if it touched anything else. */
function sides(t: BookTick): string {
  const buf = new Uint8Array(2 + bookLevelsRoom(t) + 64).fill(0xff);
  const end = writeBookSides(buf, 2, t);
  expect(buf.subarray(0, 2).every((b) => b === 0xff)).toBe(true);
  expect(buf.subarray(end).every((b) => b === 0xff)).toBe(true);
  return Buffer.from(buf.subarray(2, end)).toString('utf8');
}

describe('a book tick’s sides as bytes', () => {
  it('writes kind, bids and asks as JSON.stringify does, within the room it asks for', () => {
    expect(sides(tick())).toBe(
      ',"kind":"book","bids":[[101.25,300],[101.2,5]],"asks":[[101.3,1000000]]',
    );
  });

  it('writes full after the sides when it is set, true or false', () => {
    expect(sides(tick({ full: true }))).toMatch(/\],"full":true$/);
    expect(sides(tick({ full: false, bids: [] }))).toBe(
      ',"kind":"book","bids":[],"asks":[[101.3,1000000]],"full":false',
    );
  });

  it('asks room for every level', () => {
    expect(bookLevelsRoom(tick())).toBe(3 * 64);
    expect(bookLevelsRoom(tick({ bids: [], asks: [] }))).toBe(0);
  });
});
