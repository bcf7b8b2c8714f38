/**
 * Writes a whole `ticks` message straight into UTF-8 bytes. At a million ticks a second,
 * building a string per tick, joining them and encoding the result cost more than generating
 * the events (mostly garbage collection and string flattening); writing digits into one reused
 * buffer avoids all three. The bytes are exactly those of `ticksMessageJson` over `tickJson`,
 * which the tests check byte for byte. An interval's frames are written straight from its
 * columns (tick-columns.ts); ticks that are objects (conflated, resumed, picked) from those.
 *
 * A quote's or trade's parts come from market-tick-bytes.ts, a book's sides (keys in the order
 * the simulator builds them: head, kind, bids, asks, full, conflated) from book-tick-bytes.ts.
 */
import type { BookTick, Tick } from '../protocol/feed';
import { bookLevelsRoom, writeBookSides } from './book-tick-bytes';
import {
  COLUMN_BUY,
  COLUMN_OBJECT,
  COLUMN_QUOTE,
  VALUES_PER_TICK,
  type TickColumns,
} from './tick-columns';
import type { FramePool } from './frame-pool';
import { ascii, copy, writeDigits, writeNumber } from './json-number-bytes';
import {
  MAX_MARKET_TICK_BYTES,
  TickRuns,
  headOf,
  writeConflated,
  writeQuote,
  writeTrade,
  writeTradeSummary,
} from './market-tick-bytes';

const INITIAL_BYTES = 1 << 20;

const OPEN = ascii('{"op":"ticks","ticks":[');
const CLOSE = ascii(']}');
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;

/** Serialises `ticks` messages into a buffer it reuses between messages. */
export class TicksMessageWriter {
  private buf = new Uint8Array(INITIAL_BYTES);
  private readonly runs = new TickRuns();
  /** An object tick's numbers, laid out as a row of the columns for writeQuote/writeTrade. */
  private readonly fields = new Float64Array(VALUES_PER_TICK);

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
    return this.finish(pos);
  }

  /**
   * The message of the rows of `cols` whose instrument `takes` accepts, as a fresh Buffer the
   * caller may keep, or null when there are none. `others` as for {@link write}; a large
   * message is copied into a buffer of `pool`, held once by the caller.
   */
  writeColumns(
    cols: TickColumns,
    takes: (index: number) => boolean,
    others: Map<Tick, Buffer>,
    pool: FramePool,
  ): Buffer | null {
    const heads = this.runs.headsFor(cols.ids);
    const start = copy(this.buf, 0, OPEN);
    let pos = start;
    for (let i = 0; i < cols.length; i++) {
      const index = cols.indices[i]!;
      if (!takes(index)) continue;
      if (pos !== start) this.buf[pos++] = COMMA;
      const kind = cols.kinds[i];
      const at = i * VALUES_PER_TICK;
      const v = cols.values;
      if (kind === COLUMN_OBJECT) {
        pos = this.other(cols.objects[v[at]!]!, pos, others);
        continue;
      }
      const head = heads[index]!;
      const buf = this.reserve(pos, MAX_MARKET_TICK_BYTES + head.length);
      pos = writeDigits(buf, copy(buf, pos, head), cols.seqs[i]!);
      pos = copy(buf, pos, this.runs.ts(cols.stamps[i]!));
      pos =
        kind === COLUMN_QUOTE
          ? writeQuote(buf, pos, v, at)
          : writeTrade(buf, pos, v, at, kind === COLUMN_BUY);
      buf[pos++] = CLOSE_BRACE;
    }
    return pos === start ? null : this.finish(pos, pool);
  }

  /** A quote or trade at `pos`; returns the position after it. */
  private market(t: Extract<Tick, { kind: 'quote' | 'trade' }>, pos: number): number {
    const head = headOf(t.instrument);
    const buf = this.reserve(pos, MAX_MARKET_TICK_BYTES + head.length);
    pos = copy(buf, pos, head);
    pos = writeNumber(buf, pos, t.seq);
    pos = copy(buf, pos, this.runs.ts(t.ts));
    if (t.conflated !== undefined) pos = writeConflated(buf, pos, t.conflated);
    if (t.kind === 'quote') {
      const f = this.fields;
      f[0] = t.bid;
      f[1] = t.ask;
      f[2] = t.bidSize;
      f[3] = t.askSize;
      pos = writeQuote(buf, pos, f, 0);
    } else {
      const f = this.fields;
      f[0] = t.price;
      f[1] = t.size;
      pos = writeTradeSummary(buf, writeTrade(buf, pos, f, 0, t.side === 'buy'), t);
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

  /** A book tick at `pos` (its sides from book-tick-bytes.ts); returns the end. */
  private book(t: BookTick, pos: number): number {
    const head = headOf(t.instrument);
    const buf = this.reserve(pos, MAX_MARKET_TICK_BYTES + head.length + bookLevelsRoom(t));
    pos = copy(buf, pos, head);
    pos = writeNumber(buf, pos, t.seq);
    pos = writeBookSides(buf, copy(buf, pos, this.runs.ts(t.ts)), t);
    // Last, where the conflator's copy of the tick adds it (conflation.ts, withConflated).
    if (t.conflated !== undefined) pos = writeConflated(buf, pos, t.conflated);
    buf[pos++] = CLOSE_BRACE;
    return pos;
  }

  /** The message so far, closed, as a fresh Buffer (from `pool` when one is given). */
  private finish(pos: number, pool?: FramePool): Buffer {
    pos = copy(this.buf, pos, CLOSE);
    if (pool !== undefined) return pool.copy(this.buf.subarray(0, pos));
    const out = Buffer.allocUnsafe(pos);
    out.set(this.buf.subarray(0, pos));
    return out;
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

/**
 * The `ticks` message of the rows of `cols` whose instrument `takes` accepts, as UTF-8 bytes (a
 * fresh Buffer the caller may keep, held once in `pool` when large), or null when there are none.
 */
export function writeColumnsMessage(
  cols: TickColumns,
  takes: (index: number) => boolean,
  others: Map<Tick, Buffer>,
  pool: FramePool,
): Buffer | null {
  return sharedWriter.writeColumns(cols, takes, others, pool);
}

/** The `ticks` message for `ticks` as UTF-8 bytes (a fresh Buffer the caller may keep). */
export function ticksMessageBytes(ticks: readonly Tick[], others?: Map<Tick, Buffer>): Buffer {
  return sharedWriter.write(ticks, others);
}
