/**
 * Writes a whole `ticks` message straight into UTF-8 bytes. At a million ticks a second,
 * building a string per tick, joining them and encoding the result cost more than generating
 * the events (mostly garbage collection and string flattening); writing digits into one reused
 * buffer avoids all three. The bytes are exactly those of `ticksMessageJson` over `tickJson`,
 * which the tests check byte for byte.
 *
 * Book ticks are written here too, keys in the order the simulator builds them (head, kind,
 * bids, asks, full, conflated). Per market tick the writer copies five or six constant runs (the instrument's whole head,
 * `{"instrument":"ACME","seq":`, is one of them, cached per id) and formats four or five
 * numbers two digits at a time; a profile at 2M ticks/s put the previous writer (a copy per
 * key, a division per digit) at a quarter of the simulator's CPU.
 */
import type { BookLevel, BookTick, Tick } from '../protocol/feed';

const INITIAL_BYTES = 1 << 20;
/** Room for one market tick besides its id (a sports tick checks its own length). */
const MAX_MARKET_TICK_BYTES = 512;
/** Room for one book level: two numbers of at most 24 characters, brackets and commas. */
const MAX_LEVEL_BYTES = 64;

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const OPEN = ascii('{"op":"ticks","ticks":[');
const CLOSE = ascii(']}');
const TS = ascii(',"ts":');
const CONFLATED = ascii(',"conflated":');
const QUOTE = ascii(',"kind":"quote","bid":');
const ASK = ascii(',"ask":');
const BID_SIZE = ascii(',"bidSize":');
const ASK_SIZE = ascii(',"askSize":');
const TRADE = ascii(',"kind":"trade","price":');
const SIZE = ascii(',"size":');
const BUY = ascii(',"side":"buy"');
const SELL = ascii(',"side":"sell"');
const COUNT = ascii(',"count":');
const HIGH = ascii(',"high":');
const LOW = ascii(',"low":');
const BOOK = ascii(',"kind":"book","bids":[');
const ASKS = ascii('],"asks":[');
const FULL = ascii(',"full":true');
const PARTIAL = ascii(',"full":false');
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const DOT = 0x2e;
const ZERO = 0x30;
const CLOSE_BRACE = 0x7d;
/** "00" to "99": the two digits of n at 2n and 2n + 1. */
const DIGIT_PAIRS = ascii(
  Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).join(''),
);
/** Below this, integer division by `| 0` is exact and cheaper than `Math.floor`. */
const INT32_LIMIT = 2 ** 31;

/** `{"instrument":<quoted id>,"seq":` per id; instrument ids are few, so this stays small. */
const HEAD_CACHE_MAX = 10_000;
const heads = new Map<string, Uint8Array>();

/** Serialises `ticks` messages into a buffer it reuses between messages. */
export class TicksMessageWriter {
  private buf = new Uint8Array(INITIAL_BYTES);
  /** Ticks of one step share a timestamp: `,"ts":<digits>` is written once and copied after. */
  private lastTs = Number.NaN;
  private lastTsBytes = new Uint8Array(0);

  /**
   * The `ticks` message for `ticks`, as a fresh Buffer the caller may keep. `others` keeps the
   * bytes of each book and sports tick for the next message that holds the same tick object:
   * the messages of one interval share their ticks.
   */
  write(ticks: readonly Tick[], others?: Map<Tick, Buffer>): Buffer {
    let pos = copy(this.buf, 0, OPEN);
    for (let i = 0; i < ticks.length; i++) {
      if (i > 0) this.buf[pos++] = COMMA;
      const t = ticks[i]!;
      pos =
        t.kind === 'quote' || t.kind === 'trade' ? this.market(t, pos) : this.other(t, pos, others);
    }
    pos = copy(this.buf, pos, CLOSE);
    const out = Buffer.allocUnsafe(pos);
    out.set(this.buf.subarray(0, pos));
    return out;
  }

  /** A quote or trade at `pos`; returns the position after it. */
  private market(t: Extract<Tick, { kind: 'quote' | 'trade' }>, pos: number): number {
    const head = headOf(t.instrument);
    const buf = this.reserve(pos, MAX_MARKET_TICK_BYTES + head.length);
    pos = copy(buf, pos, head);
    pos = writeNumber(buf, pos, t.seq);
    pos = copy(buf, pos, t.ts === this.lastTs ? this.lastTsBytes : this.tsBytes(t.ts));
    if (t.conflated !== undefined) pos = writeNumber(buf, copy(buf, pos, CONFLATED), t.conflated);
    if (t.kind === 'quote') {
      pos = writePrice(buf, copy(buf, pos, QUOTE), t.bid);
      pos = writePrice(buf, copy(buf, pos, ASK), t.ask);
      pos = writeNumber(buf, copy(buf, pos, BID_SIZE), t.bidSize);
      pos = writeNumber(buf, copy(buf, pos, ASK_SIZE), t.askSize);
    } else {
      pos = writePrice(buf, copy(buf, pos, TRADE), t.price);
      pos = writeNumber(buf, copy(buf, pos, SIZE), t.size);
      pos = copy(buf, pos, t.side === 'buy' ? BUY : SELL);
      if (t.count !== undefined) pos = writeNumber(buf, copy(buf, pos, COUNT), t.count);
      if (t.high !== undefined) pos = writePrice(buf, copy(buf, pos, HIGH), t.high);
      if (t.low !== undefined) pos = writePrice(buf, copy(buf, pos, LOW), t.low);
    }
    buf[pos++] = CLOSE_BRACE;
    return pos;
  }

  /**
   * Any other tick, unless `others` has its bytes: a book written here (conflating clients
   * each merge their own book ticks, so this runs per client per interval), sports ticks
   * through JSON.stringify (a few a second per match).
   */
  private other(t: Tick, pos: number, others: Map<Tick, Buffer> | undefined): number {
    const known = others?.get(t);
    if (known !== undefined) {
      this.reserve(pos, known.length).set(known, pos);
      return pos + known.length;
    }
    if (t.kind === 'book') {
      const end = this.book(t, pos);
      others?.set(t, Buffer.from(this.buf.subarray(pos, end)));
      return end;
    }
    const json = Buffer.from(JSON.stringify(t));
    others?.set(t, json);
    this.reserve(pos, json.length).set(json, pos);
    return pos + json.length;
  }

  /** A book tick at `pos`, keys in the order the simulator builds them; returns the end. */
  private book(t: BookTick, pos: number): number {
    const head = headOf(t.instrument);
    const levels = t.bids.length + t.asks.length;
    const buf = this.reserve(pos, MAX_MARKET_TICK_BYTES + head.length + levels * MAX_LEVEL_BYTES);
    pos = copy(buf, pos, head);
    pos = writeNumber(buf, pos, t.seq);
    pos = copy(buf, pos, t.ts === this.lastTs ? this.lastTsBytes : this.tsBytes(t.ts));
    pos = writeLevels(buf, copy(buf, pos, BOOK), t.bids);
    pos = writeLevels(buf, copy(buf, pos, ASKS), t.asks);
    buf[pos++] = CLOSE_BRACKET;
    if (t.full !== undefined) pos = copy(buf, pos, t.full ? FULL : PARTIAL);
    // Last, where the conflator's copy of the tick adds it (conflation.ts, withConflated).
    if (t.conflated !== undefined) pos = writeNumber(buf, copy(buf, pos, CONFLATED), t.conflated);
    buf[pos++] = CLOSE_BRACE;
    return pos;
  }

  private tsBytes(ts: number): Uint8Array {
    const scratch = new Uint8Array(MAX_MARKET_TICK_BYTES);
    const end = writeNumber(scratch, copy(scratch, 0, TS), ts);
    this.lastTs = ts;
    this.lastTsBytes = scratch.slice(0, end);
    return this.lastTsBytes;
  }

  /** The buffer, grown (keeping the first `pos` bytes) if `bytes` more would not fit. */
  private reserve(pos: number, bytes: number): Uint8Array {
    if (pos + bytes + CLOSE.length <= this.buf.length) return this.buf;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, pos + bytes + 64));
    bigger.set(this.buf.subarray(0, pos));
    this.buf = bigger;
    return bigger;
  }
}

/** One writer for the whole server: messages are written one at a time, into one reused buffer. */
const sharedWriter = new TicksMessageWriter();

/** The `ticks` message for `ticks` as UTF-8 bytes (a fresh Buffer the caller may keep). */
export function ticksMessageBytes(ticks: readonly Tick[], others?: Map<Tick, Buffer>): Buffer {
  return sharedWriter.write(ticks, others);
}

function headOf(id: string): Uint8Array {
  let head = heads.get(id);
  if (head === undefined) {
    head = new Uint8Array(Buffer.from(`{"instrument":${JSON.stringify(id)},"seq":`));
    if (heads.size < HEAD_CACHE_MAX) heads.set(id, head);
  }
  return head;
}

/**
 * Copies `src` to `buf` at `pos`; returns the position after it. `set` is a memcpy: measured
 * here, it beats a byte loop even for runs of 6 to 26 bytes.
 */
function copy(buf: Uint8Array, pos: number, src: Uint8Array): number {
  buf.set(src, pos);
  return pos + src.length;
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

/**
 * Writes a price as JSON.stringify would. Kept small so it is inlined where the price is read:
 * the double then never leaves a register, whereas passing it to a larger function boxed it
 * into a fresh heap number, an allocation per price that showed up as young-generation GC.
 */
function writePrice(buf: Uint8Array, pos: number, x: number): number {
  const cents = Math.round(x * 100);
  return cents > 0 && cents < INT32_LIMIT && cents / 100 === x
    ? writeCents(buf, pos, cents)
    : writeNumber(buf, pos, x);
}

/**
 * Writes a whole number of cents as its decimal price: the shortest form of a price with at
 * most two decimals is exactly those digits, without trailing zeros.
 */
function writeCents(buf: Uint8Array, pos: number, cents: number): number {
  const whole = (cents / 100) | 0;
  const fraction = cents - whole * 100;
  pos = writeDigits(buf, pos, whole);
  if (fraction === 0) return pos;
  buf[pos++] = DOT;
  buf[pos++] = DIGIT_PAIRS[fraction * 2]!;
  if (fraction % 10 !== 0) buf[pos++] = DIGIT_PAIRS[fraction * 2 + 1]!;
  return pos;
}

/**
 * Writes a number as JSON.stringify would: non-negative whole numbers digit by digit, prices
 * with at most two decimals as cents, anything else via String().
 */
function writeNumber(buf: Uint8Array, pos: number, x: number): number {
  if (Number.isSafeInteger(x) && x >= 0) return writeDigits(buf, pos, x);
  const cents = Math.round(x * 100);
  if (cents > 0 && cents < INT32_LIMIT && cents / 100 === x) return writeCents(buf, pos, cents);
  const text = String(x);
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
  return pos;
}

/** Writes a non-negative safe integer in decimal, two digits per division. */
function writeDigits(buf: Uint8Array, pos: number, n: number): number {
  let length = 1;
  for (let p = 10; p <= n; p *= 10) length++;
  const end = pos + length;
  let at = end;
  while (n >= 100) {
    const next = n < INT32_LIMIT ? (n / 100) | 0 : Math.floor(n / 100);
    const pair = (n - next * 100) * 2;
    buf[--at] = DIGIT_PAIRS[pair + 1]!;
    buf[--at] = DIGIT_PAIRS[pair]!;
    n = next;
  }
  // What is left, one or two digits, goes in front (`at` is pos + 1 or pos + 2 here).
  if (n >= 10) {
    buf[pos + 1] = DIGIT_PAIRS[n * 2 + 1]!;
    buf[pos] = DIGIT_PAIRS[n * 2]!;
  } else {
    buf[pos] = ZERO + n;
  }
  return end;
}
