/**
 * A quote's or trade's bytes, for tick-bytes.ts, which writes the message around them. Per tick
 * the writer copies five or six constant runs (the instrument's whole head,
 * `{"instrument":"ACME","seq":`, is one of them, cached per id; the step's `,"ts":<digits>`
 * another, formatted once a step) and formats four or five numbers two digits at a time; a
 * profile at 2M ticks/s put the previous writer (a copy per key, a division per digit) at a
 * quarter of the simulator's CPU.
 */
import type { TradeTick } from '../protocol/feed';
import { ascii, copy, writeNumber, writePrice } from './json-number-bytes';

/** Room for one market tick besides its id (a sports tick checks its own length). */
export const MAX_MARKET_TICK_BYTES = 512;

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

/** `{"instrument":<quoted id>,"seq":` per id; instrument ids are few, so this stays small. */
const HEAD_CACHE_MAX = 10_000;
const heads = new Map<string, Uint8Array>();

/** The runs every market tick opens with: its instrument's head, and its step's timestamp. */
export class TickRuns {
  /** Ticks of one step share a timestamp: `,"ts":<digits>` is written once and copied after. */
  private lastTs = Number.NaN;
  private lastTsBytes = new Uint8Array(0);
  private headIds: readonly string[] | null = null;
  private headsByIndex: readonly Uint8Array[] = [];

  /** Head bytes by instrument index, for the ids of one simulation. */
  headsFor(ids: readonly string[]): readonly Uint8Array[] {
    if (ids !== this.headIds) {
      this.headIds = ids;
      this.headsByIndex = ids.map((id) => headOf(id));
    }
    return this.headsByIndex;
  }

  /** `,"ts":<digits>`: ticks of one step share a timestamp, so it is formatted once. */
  ts(ts: number): Uint8Array {
    return ts === this.lastTs ? this.lastTsBytes : this.tsBytes(ts);
  }

  private tsBytes(ts: number): Uint8Array {
    const scratch = new Uint8Array(MAX_MARKET_TICK_BYTES);
    const end = writeNumber(scratch, copy(scratch, 0, TS), ts);
    this.lastTs = ts;
    this.lastTsBytes = scratch.slice(0, end);
    return this.lastTsBytes;
  }
}

/** `{"instrument":<quoted id>,"seq":`, the run a tick of instrument `id` opens with. */
export function headOf(id: string): Uint8Array {
  let head = heads.get(id);
  if (head === undefined) {
    head = new Uint8Array(Buffer.from(`{"instrument":${JSON.stringify(id)},"seq":`));
    if (heads.size < HEAD_CACHE_MAX) heads.set(id, head);
  }
  return head;
}

/** `,"conflated":<count>` at `pos`; returns the position after it. */
export function writeConflated(buf: Uint8Array, pos: number, conflated: number): number {
  return writeNumber(buf, copy(buf, pos, CONFLATED), conflated);
}

/**
 * A quote's fields after its ts, `,"kind":"quote","bid":…,"askSize":…`, from `v[at]` on (bid,
 * ask, bidSize, askSize). Numbers are read from the array, not passed: this is too big to be
 * inlined, and a double passed to a call that is not is boxed into a fresh heap number.
 */
export function writeQuote(buf: Uint8Array, pos: number, v: Float64Array, at: number): number {
  pos = writePrice(buf, copy(buf, pos, QUOTE), v[at]!);
  pos = writePrice(buf, copy(buf, pos, ASK), v[at + 1]!);
  pos = writeNumber(buf, copy(buf, pos, BID_SIZE), v[at + 2]!);
  return writeNumber(buf, copy(buf, pos, ASK_SIZE), v[at + 3]!);
}

/** A trade's fields after its ts, `,"kind":"trade","price":…,"size":…,"side":…`, as writeQuote. */
export function writeTrade(
  buf: Uint8Array,
  pos: number,
  v: Float64Array,
  at: number,
  buy: boolean,
) {
  pos = writePrice(buf, copy(buf, pos, TRADE), v[at]!);
  pos = writeNumber(buf, copy(buf, pos, SIZE), v[at + 1]!);
  return copy(buf, pos, buy ? BUY : SELL);
}

/** A conflated trade's summary after its side (`count`, `high`, `low`, each when set). */
export function writeTradeSummary(buf: Uint8Array, pos: number, t: TradeTick): number {
  if (t.count !== undefined) pos = writeNumber(buf, copy(buf, pos, COUNT), t.count);
  if (t.high !== undefined) pos = writePrice(buf, copy(buf, pos, HIGH), t.high);
  if (t.low !== undefined) pos = writePrice(buf, copy(buf, pos, LOW), t.low);
  return pos;
}
