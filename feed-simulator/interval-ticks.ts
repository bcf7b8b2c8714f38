/**
 * One cadence interval's ticks, held as columns (tick-columns.ts), with their messages shared
 * between clients. Clients that take every tick of the same instruments receive the same `ticks`
 * message, so it is written once per distinct subscription, straight from the columns, and the
 * same Buffer is sent to each of them: with hundreds of clients on a handful of subscriptions,
 * writing a message per client was most of the server's fan-out cost. A book tick is written
 * once for all of them. The server reuses one IntervalTicks, so the columns are allocated once,
 * and a large frame's buffer is reused once every socket it was sent to has written it.
 */
import type { Tick } from '../protocol/feed';
import { FramePool } from './frame-pool';
import { writeColumnsMessage } from './tick-bytes';
import {
  COLUMN_BUY,
  COLUMN_OBJECT,
  COLUMN_QUOTE,
  COLUMN_SELL,
  VALUES_PER_TICK,
  type MarketEventSink,
  type TickColumns,
} from './tick-columns';

const INITIAL_CAPACITY = 1024;

/** The ticks generated since the previous interval, and their messages shared between clients. */
export class IntervalTicks implements TickColumns, MarketEventSink {
  length = 0;
  kinds = new Uint8Array(INITIAL_CAPACITY);
  indices = new Int32Array(INITIAL_CAPACITY);
  seqs = new Float64Array(INITIAL_CAPACITY);
  stamps = new Float64Array(INITIAL_CAPACITY);
  values = new Float64Array(INITIAL_CAPACITY * VALUES_PER_TICK);
  readonly objects: Tick[] = [];
  /** Instrument ids by index, set by the simulation that fills the interval. */
  ids: readonly string[] = [];
  /** Every tick as an object, built on first use (conflating clients fold objects). */
  private built: Tick[] | null = null;
  /** Messages by subscription key; null when no instrument of that subscription ticked. */
  private readonly frames = new Map<string, Buffer | null>();
  /** Book and sports ticks' bytes, written once however many messages hold them. */
  private readonly others = new Map<Tick, Buffer>();
  /** Buffers of the large frames, reused once sent (the server reuses its interval). */
  private readonly pool = new FramePool();

  /** Empties the interval for the next one, keeping the columns' memory. */
  reset(): void {
    this.length = 0;
    this.objects.length = 0;
    this.built = null;
    for (const frame of this.frames.values()) if (frame !== null) this.pool.release(frame);
    this.frames.clear();
    this.others.clear();
  }

  quote(
    index: number,
    seq: number,
    ts: number,
    bid: number,
    ask: number,
    bidSize: number,
    askSize: number,
  ): void {
    const at = this.row(COLUMN_QUOTE, index, seq, ts) * VALUES_PER_TICK;
    const values = this.values;
    values[at] = bid;
    values[at + 1] = ask;
    values[at + 2] = bidSize;
    values[at + 3] = askSize;
  }

  trade(index: number, seq: number, ts: number, price: number, size: number, buy: boolean): void {
    const at = this.row(buy ? COLUMN_BUY : COLUMN_SELL, index, seq, ts) * VALUES_PER_TICK;
    this.values[at] = price;
    this.values[at + 1] = size;
  }

  /** Appends a tick held as an object (a book or sports tick). */
  push(tick: Tick, index: number): void {
    const at = this.row(COLUMN_OBJECT, index, tick.seq, tick.ts) * VALUES_PER_TICK;
    this.values[at] = this.objects.length;
    this.objects.push(tick);
  }

  /**
   * Every tick as an object, in generation order: for clients whose ticks are conflated or
   * picked one by one. Built once per interval; the objects are the model's own shapes, keys
   * in the same order, so they encode to the same bytes as the columns.
   */
  get ticks(): readonly Tick[] {
    this.built ??= this.build();
    return this.built;
  }

  /**
   * The `ticks` message of this interval's ticks of the instruments `takes` accepts, in
   * generation order, or null when there are none. Written once per `key`: every caller with
   * the same key must accept the same instruments, and gets the very same Buffer. Sending a
   * Buffer also spares each client's socket its own UTF-8 encoding of the message.
   */
  frameFor(key: string, takes: (index: number) => boolean): Buffer | null {
    let frame = this.frames.get(key);
    if (frame === undefined) {
      frame = writeColumnsMessage(this, takes, this.others, this.pool);
      this.frames.set(key, frame);
    }
    return frame;
  }

  /**
   * Holds a frame of this interval for a socket it is about to be sent to: a pooled buffer is
   * not reused before the returned callback, which the socket calls once it has written the
   * frame. Undefined for a frame that is not pooled: a write callback costs the socket, and
   * with hundreds of clients on small frames that showed in the fan-out's CPU.
   */
  holdFrame(frame: Buffer): (() => void) | undefined {
    return this.pool.hold(frame) ? () => this.pool.release(frame) : undefined;
  }

  /** Appends a row's kind, instrument, seq and ts; returns the row. */
  private row(kind: number, index: number, seq: number, ts: number): number {
    const row = this.length;
    if (row === this.kinds.length) this.grow();
    this.kinds[row] = kind;
    this.indices[row] = index;
    this.seqs[row] = seq;
    this.stamps[row] = ts;
    this.length = row + 1;
    return row;
  }

  private grow(): void {
    const capacity = this.kinds.length * 2;
    const bigger = <T extends Uint8Array | Int32Array | Float64Array>(old: T, size: number): T => {
      const next = new (old.constructor as new (n: number) => T)(size);
      next.set(old);
      return next;
    };
    this.kinds = bigger(this.kinds, capacity);
    this.indices = bigger(this.indices, capacity);
    this.seqs = bigger(this.seqs, capacity);
    this.stamps = bigger(this.stamps, capacity);
    this.values = bigger(this.values, capacity * VALUES_PER_TICK);
  }

  private build(): Tick[] {
    const out: Tick[] = [];
    const v = this.values;
    for (let i = 0; i < this.length; i++) {
      const kind = this.kinds[i];
      const at = i * VALUES_PER_TICK;
      if (kind === COLUMN_OBJECT) {
        out.push(this.objects[v[at]!]!);
        continue;
      }
      const instrument = this.ids[this.indices[i]!]!;
      const seq = this.seqs[i]!;
      const ts = this.stamps[i]!;
      if (kind === COLUMN_QUOTE) {
        const bid = v[at]!;
        const ask = v[at + 1]!;
        const bidSize = v[at + 2]!;
        const askSize = v[at + 3]!;
        out.push({ instrument, seq, ts, kind: 'quote', bid, ask, bidSize, askSize });
      } else {
        const side = kind === COLUMN_BUY ? 'buy' : 'sell';
        out.push({ instrument, seq, ts, kind: 'trade', price: v[at]!, size: v[at + 1]!, side });
      }
    }
    return out;
  }
}
