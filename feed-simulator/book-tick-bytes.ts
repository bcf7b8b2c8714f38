/**
 * A book tick's sides as UTF-8 bytes, for tick-bytes.ts, which writes the tick's head before
 * them and its conflated count and closing brace after. Apart from the quote and trade path: a
 * book is written at most once an interval per conflating client, and every other message that
 * holds the same tick object copies the bytes written the first time.
 */
import type { BookLevel, BookTick } from '../protocol/feed';
import { ascii, copy, writeNumber, writePrice } from './json-number-bytes';

/** Room for one book level: two numbers of at most 24 characters, brackets and commas. */
const MAX_LEVEL_BYTES = 64;

const BOOK = ascii(',"kind":"book","bids":[');
const ASKS = ascii('],"asks":[');
const FULL = ascii(',"full":true');
const PARTIAL = ascii(',"full":false');
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** Room the levels of `t` may take, besides the room of any market tick. */
export function bookLevelsRoom(t: BookTick): number {
  return (t.bids.length + t.asks.length) * MAX_LEVEL_BYTES;
}

/**
 * `,"kind":"book","bids":[…],"asks":[…]` and `,"full":…` when set, keys in the order the
 * simulator builds them, at `pos` in `buf` (with room for them); returns the position after.
 */
export function writeBookSides(buf: Uint8Array, pos: number, t: BookTick): number {
  pos = writeLevels(buf, copy(buf, pos, BOOK), t.bids);
  pos = writeLevels(buf, copy(buf, pos, ASKS), t.asks);
  buf[pos++] = CLOSE_BRACKET;
  if (t.full !== undefined) pos = copy(buf, pos, t.full ? FULL : PARTIAL);
  return pos;
}

/** Writes `[price,size]` levels separated by commas, as JSON.stringify would. */
function writeLevels(buf: Uint8Array, pos: number, levels: readonly BookLevel[]): number {
  for (let i = 0; i < levels.length; i++) {
    if (i > 0) buf[pos++] = COMMA;
    const level = levels[i]!;
    buf[pos++] = OPEN_BRACKET;
    pos = writePrice(buf, pos, level[0]);
    buf[pos++] = COMMA;
    pos = writeNumber(buf, pos, level[1]);
    buf[pos++] = CLOSE_BRACKET;
  }
  return pos;
}
