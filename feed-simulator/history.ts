/**
 * Bounded resume history: the last N events of one instrument, so a client that reconnects can
 * be sent what it missed instead of a snapshot. Market events are stored in typed arrays rather
 * than as the tick objects themselves: holding hundreds of thousands of live objects would make
 * every tick survive young-generation GC, which at a million ticks a second costs more than
 * generating them.
 */
import type { Tick } from '../protocol/feed';

/** The last `capacity` events of one instrument, oldest dropped first. */
export interface TickHistory {
  /** Number of events held. */
  readonly size: number;
  /** Records the instrument's next event. */
  push(tick: Tick): void;
  /** The newest `count` events (count <= size), oldest first. */
  newest(count: number): Tick[];
}

/** History for instruments with few events (matches): the tick objects themselves. */
export class ObjectHistory implements TickHistory {
  size = 0;
  private head = 0;
  private readonly ring: Tick[];

  constructor(capacity: number) {
    this.ring = new Array<Tick>(capacity);
  }

  push(tick: Tick): void {
    const capacity = this.ring.length;
    if (capacity === 0) return;
    this.ring[this.head] = tick;
    this.head = (this.head + 1) % capacity;
    if (this.size < capacity) this.size++;
  }

  newest(count: number): Tick[] {
    const capacity = this.ring.length;
    const out: Tick[] = [];
    for (let k = count; k > 0; k--) out.push(this.ring[(this.head - k + capacity) % capacity]!);
    return out;
  }
}

const QUOTE = 0;
const BUY = 1;
const SELL = 2;
/** A book tick: few per instrument (one a step at most), kept as the object itself. */
const BOOK = 3;
/** Numeric fields per event: ts, then bid/ask/bidSize/askSize or price/size. */
const FIELDS = 5;

/**
 * History for market instruments: raw quotes and trades in columns, rebuilt on demand, and
 * book ticks as they are.
 */
export class MarketHistory implements TickHistory {
  size = 0;
  private head = 0;
  private readonly kinds: Uint8Array;
  private readonly seqs: Float64Array;
  private readonly values: Float64Array;
  /** Book ticks by slot; allocated with the first one. */
  private books: (Tick | undefined)[] | null = null;

  constructor(
    private readonly instrument: string,
    private readonly capacity: number,
  ) {
    this.kinds = new Uint8Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.values = new Float64Array(capacity * FIELDS);
  }

  /** Records a tick: raw quotes and trades in columns, a book tick as the object. */
  push(tick: Tick): void {
    if (tick.kind === 'quote')
      this.pushQuote(tick.seq, tick.ts, tick.bid, tick.ask, tick.bidSize, tick.askSize);
    // Aggregated trades are never stored as such: history holds events.
    else if (tick.kind === 'trade')
      this.pushTrade(tick.seq, tick.ts, tick.price, tick.size, tick.side === 'buy');
    else if (tick.kind === 'book') {
      const slot = this.slot(BOOK, tick.seq, tick.ts);
      if (slot < 0) return;
      this.books ??= new Array<Tick | undefined>(this.capacity);
      this.books[slot] = tick;
    }
  }

  pushQuote(
    seq: number,
    ts: number,
    bid: number,
    ask: number,
    bidSize: number,
    askSize: number,
  ): void {
    const at = this.slot(QUOTE, seq, ts) * FIELDS;
    if (at < 0) return;
    const v = this.values;
    v[at + 1] = bid;
    v[at + 2] = ask;
    v[at + 3] = bidSize;
    v[at + 4] = askSize;
  }

  pushTrade(seq: number, ts: number, price: number, size: number, buy: boolean): void {
    const at = this.slot(buy ? BUY : SELL, seq, ts) * FIELDS;
    if (at < 0) return;
    this.values[at + 1] = price;
    this.values[at + 2] = size;
  }

  /** Takes the next slot for an event: kind, seq and ts written; -1 when nothing is kept. */
  private slot(kind: number, seq: number, ts: number): number {
    if (this.capacity === 0) return -1;
    const slot = this.head;
    this.kinds[slot] = kind;
    this.seqs[slot] = seq;
    this.values[slot * FIELDS] = ts;
    // A slot reused by a quote or trade lets go of the book tick it held.
    if (this.books !== null && kind !== BOOK) this.books[slot] = undefined;
    this.head = (slot + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    return slot;
  }

  newest(count: number): Tick[] {
    const out: Tick[] = [];
    const v = this.values;
    for (let k = count; k > 0; k--) {
      const slot = (this.head - k + this.capacity) % this.capacity;
      const at = slot * FIELDS;
      const head = { instrument: this.instrument, seq: this.seqs[slot]!, ts: v[at]! };
      const kind = this.kinds[slot];
      if (kind === BOOK) {
        out.push(this.books![slot]!);
      } else if (kind === QUOTE) {
        const [bid, ask, bidSize, askSize] = [v[at + 1]!, v[at + 2]!, v[at + 3]!, v[at + 4]!];
        out.push({ ...head, kind: 'quote', bid, ask, bidSize, askSize });
      } else {
        const side = kind === BUY ? 'buy' : 'sell';
        out.push({ ...head, kind: 'trade', price: v[at + 1]!, size: v[at + 2]!, side });
      }
    }
    return out;
  }
}
