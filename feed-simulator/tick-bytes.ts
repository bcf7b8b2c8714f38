/**
 * Writes a whole `ticks` message straight into UTF-8 bytes. At a million ticks a second,
 * building a string per tick, joining them and encoding the result cost more than generating
 * the events (mostly garbage collection and string flattening); writing digits into one reused
 * buffer avoids all three. The bytes parse to exactly what `ticksMessageJson` gives, which
 * the tests check.
 */
import type { Tick } from '../protocol/feed';

const INITIAL_BYTES = 1 << 20;
/** Room for one market tick besides its id (a sports tick checks its own length). */
const MAX_MARKET_TICK_BYTES = 512;

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const OPEN = ascii('{"op":"ticks","ticks":[');
const CLOSE = ascii(']}');
const INSTRUMENT = ascii('{"instrument":');
const SEQ = ascii(',"seq":');
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

/** Quoted UTF-8 ids; instrument ids are few, so this stays small. */
const QUOTED_ID_CACHE_MAX = 10_000;
const quotedIds = new Map<string, Uint8Array>();

/** Serialises `ticks` messages into a buffer it reuses between messages. */
export class TicksMessageWriter {
  private buf = Buffer.allocUnsafe(INITIAL_BYTES);
  private pos = 0;
  /** Ticks of one step share a timestamp: its digits are written once and copied after. */
  private lastTs = Number.NaN;
  private lastTsBytes = new Uint8Array(0);

  /** The `ticks` message for `ticks`, as a fresh Buffer the caller may keep. */
  write(ticks: readonly Tick[]): Buffer {
    this.pos = 0;
    this.bytes(OPEN);
    for (let i = 0; i < ticks.length; i++) {
      if (i > 0) this.buf[this.pos++] = 0x2c; // ','
      this.tick(ticks[i]!);
    }
    this.bytes(CLOSE);
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  private tick(t: Tick): void {
    if (t.kind !== 'quote' && t.kind !== 'trade') {
      const json = Buffer.from(JSON.stringify(t));
      this.reserve(json.length);
      json.copy(this.buf, this.pos);
      this.pos += json.length;
      return;
    }
    const id = quotedId(t.instrument);
    this.reserve(MAX_MARKET_TICK_BYTES + id.length);
    this.bytes(INSTRUMENT);
    this.bytes(id);
    this.bytes(SEQ);
    this.number(t.seq);
    this.bytes(TS);
    this.timestamp(t.ts);
    if (t.conflated !== undefined) {
      this.bytes(CONFLATED);
      this.number(t.conflated);
    }
    if (t.kind === 'quote') {
      this.bytes(QUOTE);
      this.number(t.bid);
      this.bytes(ASK);
      this.number(t.ask);
      this.bytes(BID_SIZE);
      this.number(t.bidSize);
      this.bytes(ASK_SIZE);
      this.number(t.askSize);
    } else {
      this.bytes(TRADE);
      this.number(t.price);
      this.bytes(SIZE);
      this.number(t.size);
      this.bytes(t.side === 'buy' ? BUY : SELL);
      if (t.count !== undefined) {
        this.bytes(COUNT);
        this.number(t.count);
      }
      if (t.high !== undefined) {
        this.bytes(HIGH);
        this.number(t.high);
      }
      if (t.low !== undefined) {
        this.bytes(LOW);
        this.number(t.low);
      }
    }
    this.buf[this.pos++] = 0x7d; // '}'
  }

  private timestamp(ts: number): void {
    if (ts !== this.lastTs) {
      const start = this.pos;
      this.number(ts);
      this.lastTs = ts;
      this.lastTsBytes = new Uint8Array(this.buf.subarray(start, this.pos));
      return;
    }
    this.bytes(this.lastTsBytes);
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes + CLOSE.length <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes + 64));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  private bytes(b: Uint8Array): void {
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < b.length; i++) buf[pos++] = b[i]!;
    this.pos = pos;
  }

  /**
   * Writes a number as JSON.stringify would: whole numbers and prices with at most two
   * decimals digit by digit (their shortest form is exactly those digits), anything else via
   * String().
   */
  private number(x: number): void {
    if (Number.isSafeInteger(x) && x >= 0) {
      this.digits(x);
      return;
    }
    const cents = Math.round(x * 100);
    if (cents > 0 && Number.isSafeInteger(cents) && cents / 100 === x) {
      this.digits(Math.floor(cents / 100));
      const fraction = cents % 100;
      this.buf[this.pos++] = 0x2e; // '.'
      if (fraction % 10 === 0) {
        this.buf[this.pos++] = 0x30 + fraction / 10;
      } else {
        this.buf[this.pos++] = 0x30 + Math.floor(fraction / 10);
        this.buf[this.pos++] = 0x30 + (fraction % 10);
      }
      return;
    }
    this.pos += this.buf.write(String(x), this.pos, 'latin1');
  }

  /** Writes a non-negative safe integer in decimal. */
  private digits(n: number): void {
    let length = 1;
    for (let p = 10; p <= n; p *= 10) length++;
    let at = this.pos + length;
    this.pos = at;
    do {
      const next = Math.floor(n / 10);
      this.buf[--at] = 0x30 + (n - next * 10);
      n = next;
    } while (n > 0);
  }
}

function quotedId(id: string): Uint8Array {
  let quoted = quotedIds.get(id);
  if (quoted === undefined) {
    quoted = Buffer.from(JSON.stringify(id));
    if (quotedIds.size < QUOTED_ID_CACHE_MAX) quotedIds.set(id, quoted);
  }
  return quoted;
}
