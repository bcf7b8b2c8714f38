/**
 * Conflation: folds the ticks of one instrument over a window into as few ticks as keep the
 * client's state exact. Market: one quote (the latest), one trade (every trade aggregated:
 * total size, count, high, low, last price and side) and one book tick (each price's latest
 * size; a whole book followed by changes stays a whole book), ordered by the seq of the event
 * each carries. Sports: consecutive clock or odds ticks collapse to the latest; scores, statuses and
 * incidents always pass. Each output tick's `conflated` counts the events since the previous
 * output tick, so the continuity rule `seq === prev + (conflated ?? 1)` holds. Quotes, trades
 * and book changes update disjoint parts of the state, which is why their relative order within
 * a window does not change the state a client ends with.
 */
import type { BookLevel, BookTick, QuoteTick, SportsTick, Tick, TradeTick } from '../protocol/feed';

/** A window's book changes: each price's latest size, per side. */
interface PendingBook {
  /** Mutable: every conflating client folds every book tick, so nothing is allocated per tick. */
  last: BookTick;
  readonly bids: Map<number, number>;
  readonly asks: Map<number, number>;
  readonly full: boolean;
}

interface MarketWindow {
  readonly kind: 'market';
  /** Seq of the last event before the window. */
  readonly baseSeq: number;
  quote: QuoteTick | null;
  trade: TradeTick | null;
  book: PendingBook | null;
}

interface SportsWindow {
  readonly kind: 'sports';
  readonly ticks: SportsTick[];
}

type Window = MarketWindow | SportsWindow;

/** Pending conflated ticks for each instrument (by index) of one client. */
export class Conflator {
  private readonly windows: (Window | undefined)[];
  private pendingCount = 0;

  constructor(instrumentCount: number) {
    this.windows = new Array<Window | undefined>(instrumentCount);
  }

  /** True when any instrument has pending ticks. */
  get empty(): boolean {
    return this.pendingCount === 0;
  }

  /** True when instrument `index` has pending ticks. */
  has(index: number): boolean {
    return this.windows[index] !== undefined;
  }

  /** Folds `tick`, the next event of instrument `index`, into its window. */
  add(index: number, tick: Tick): void {
    let window = this.windows[index];
    if (window === undefined) {
      window =
        tick.kind === 'quote' || tick.kind === 'trade' || tick.kind === 'book'
          ? {
              kind: 'market',
              baseSeq: tick.seq - (tick.conflated ?? 1),
              quote: null,
              trade: null,
              book: null,
            }
          : { kind: 'sports', ticks: [] };
      this.windows[index] = window;
      this.pendingCount++;
    }
    if (window.kind === 'market') addMarket(window, tick);
    else addSports(window, tick as SportsTick);
  }

  /** Removes instrument `index`'s window and appends its conflated ticks to `out`, in seq order. */
  take(index: number, out: Tick[]): void {
    const window = this.windows[index];
    if (window === undefined) return;
    this.clear(index);
    if (window.kind === 'sports') {
      for (const tick of window.ticks) out.push(tick);
      return;
    }
    const { quote, trade, book } = window;
    const ticks: Tick[] = [];
    if (quote) ticks.push(quote);
    if (trade) ticks.push(trade);
    if (book) ticks.push(bookTick(book));
    ticks.sort((a, b) => a.seq - b.seq);
    let prevSeq = window.baseSeq;
    for (const tick of ticks) {
      out.push(withConflated(tick, tick.seq - prevSeq));
      prevSeq = tick.seq;
    }
  }

  /** Drops instrument `index`'s pending ticks (unsubscribed, or superseded by a snapshot). */
  clear(index: number): void {
    if (this.windows[index] === undefined) return;
    this.windows[index] = undefined;
    this.pendingCount--;
  }

  /** Drops every pending tick. */
  clearAll(): void {
    this.windows.fill(undefined);
    this.pendingCount = 0;
  }
}

function addMarket(window: MarketWindow, tick: Tick): void {
  if (tick.kind === 'quote') {
    window.quote = tick;
    return;
  }
  if (tick.kind === 'book') {
    window.book = addBook(window.book, tick);
    return;
  }
  if (tick.kind !== 'trade') return;
  const prev = window.trade;
  if (prev === null) {
    window.trade = tick;
    return;
  }
  window.trade = {
    instrument: tick.instrument,
    seq: tick.seq,
    ts: tick.ts,
    kind: 'trade',
    price: tick.price,
    size: prev.size + tick.size,
    side: tick.side,
    count: (prev.count ?? 1) + (tick.count ?? 1),
    high: Math.max(prev.high ?? prev.price, tick.high ?? tick.price),
    low: Math.min(prev.low ?? prev.price, tick.low ?? tick.price),
  };
}

function addBook(pending: PendingBook | null, tick: BookTick): PendingBook {
  let book = pending;
  if (book === null || tick.full === true)
    book = { last: tick, bids: new Map(), asks: new Map(), full: tick.full === true };
  else book.last = tick;
  for (let i = 0; i < tick.bids.length; i++) book.bids.set(tick.bids[i]![0], tick.bids[i]![1]);
  for (let i = 0; i < tick.asks.length; i++) book.asks.set(tick.asks[i]![0], tick.asks[i]![1]);
  return book;
}

/** The side's levels in book order; a whole book keeps no empty level. */
function levels(side: Map<number, number>, dir: 1 | -1, full: boolean): BookLevel[] {
  const out: BookLevel[] = [];
  for (const [price, size] of side) if (!full || size > 0) out.push([price, size]);
  return out.sort((a, b) => (a[0] - b[0]) * dir);
}

function bookTick(book: PendingBook): BookTick {
  const { instrument, seq, ts } = book.last;
  return {
    instrument,
    seq,
    ts,
    kind: 'book',
    bids: levels(book.bids, -1, book.full),
    asks: levels(book.asks, 1, book.full),
    ...(book.full && { full: true }),
  };
}

function addSports(window: SportsWindow, tick: SportsTick): void {
  const last = window.ticks[window.ticks.length - 1];
  if (
    last !== undefined &&
    last.kind === tick.kind &&
    (tick.kind === 'clock' || tick.kind === 'odds')
  ) {
    const covered = (last.conflated ?? 1) + (tick.conflated ?? 1);
    window.ticks[window.ticks.length - 1] = { ...tick, conflated: covered };
    return;
  }
  window.ticks.push(tick);
}

function withConflated<T extends Tick>(tick: T, conflated: number): T {
  if (conflated === (tick.conflated ?? 1)) return tick;
  return { ...tick, conflated };
}
