/**
 * The server's view of one instrument: its current full state (what a snapshot carries), the
 * seq of the last event folded into it, and a bounded history of recent ticks for resume.
 */
import type {
  Incident,
  MarketSnapshotState,
  MatchSnapshotState,
  SnapshotState,
  Tick,
} from '../protocol/feed';
import { MAX_BOOK_LEVELS } from '../protocol/limits';
import { OrderBook } from '../shared/order-book';
import { MarketHistory, ObjectHistory, type TickHistory } from './history';

/** Most recent incidents a match snapshot carries. */
const MAX_SNAPSHOT_INCIDENTS = 50;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Current state and resume history of one instrument. */
export class InstrumentState {
  /** Seq of the last event folded into the state (0 before the first event). */
  seq = 0;
  private readonly state: Mutable<MarketSnapshotState> | Mutable<MatchSnapshotState>;
  private readonly incidents: Incident[] = [];
  /** The L2 book, when the instrument has one (its snapshot carries `book`). */
  private readonly book: OrderBook | null = null;
  /** The most recent events; the newest has seq `seq`. */
  private readonly history: TickHistory;
  /** `history`, when it is a market instrument's (columns). */
  private readonly marketHistory: MarketHistory | null = null;

  constructor(instrument: string, initial: SnapshotState, historyCapacity: number) {
    this.state = { ...initial } as InstrumentState['state'];
    if (initial.kind === 'sports') this.incidents.push(...initial.incidents);
    if (initial.kind === 'market' && initial.book !== undefined) {
      this.book = new OrderBook(MAX_BOOK_LEVELS);
      this.book.replace(initial.book);
    }
    if (initial.kind === 'market') {
      this.marketHistory = new MarketHistory(instrument, historyCapacity);
      this.history = this.marketHistory;
    } else {
      this.history = new ObjectHistory(historyCapacity);
    }
  }

  /** Folds a market instrument's next quote, given as numbers (no tick object). */
  applyQuote(
    seq: number,
    ts: number,
    bid: number,
    ask: number,
    bidSize: number,
    askSize: number,
  ): void {
    this.seq = seq;
    foldQuote(this.state as Mutable<MarketSnapshotState>, ts, bid, ask, bidSize, askSize);
    this.marketHistory!.pushQuote(seq, ts, bid, ask, bidSize, askSize);
  }

  /** Folds a market instrument's next raw trade, given as numbers (no tick object). */
  applyTrade(seq: number, ts: number, price: number, size: number, buy: boolean): void {
    this.seq = seq;
    foldTrade(this.state as Mutable<MarketSnapshotState>, ts, price, size, 1);
    this.marketHistory!.pushTrade(seq, ts, price, size, buy);
  }

  /** Folds the instrument's next event into the state and the history. */
  apply(tick: Tick): void {
    this.seq = tick.seq;
    const s = this.state;
    s.ts = tick.ts;
    if (s.kind === 'market') {
      if (tick.kind === 'quote') {
        foldQuote(s, tick.ts, tick.bid, tick.ask, tick.bidSize, tick.askSize);
      } else if (tick.kind === 'trade') {
        foldTrade(s, tick.ts, tick.price, tick.size, tick.count ?? 1);
      } else if (tick.kind === 'book' && this.book !== null) {
        if (tick.full === true) this.book.replace(tick);
        else this.book.apply(tick.bids, tick.asks);
      }
    } else {
      this.applySports(s, tick);
    }
    this.history.push(tick);
  }

  /** A copy of the current full state. */
  snapshot(): SnapshotState {
    if (this.state.kind === 'market')
      return this.book === null ? { ...this.state } : { ...this.state, book: this.book.top() };
    return { ...this.state, odds: { ...this.state.odds }, incidents: [...this.incidents] };
  }

  /**
   * The ticks after `lastSeq`, oldest first, or null when the history no longer reaches back
   * that far (or `lastSeq` is from the future, e.g. another server run): send a snapshot then.
   */
  since(lastSeq: number): Tick[] | null {
    if (lastSeq > this.seq) return null;
    const wanted = this.seq - lastSeq;
    if (wanted > this.history.size) return null;
    return this.history.newest(wanted);
  }

  private applySports(s: Mutable<MatchSnapshotState>, tick: Tick): void {
    switch (tick.kind) {
      case 'score':
        s.home = tick.home;
        s.away = tick.away;
        break;
      case 'clock':
        s.clockMs = tick.clockMs;
        s.running = tick.running;
        break;
      case 'odds':
        s.odds = { home: tick.home, draw: tick.draw, away: tick.away };
        break;
      case 'status':
        // A rematch starts from scratch: the previous match's incidents no longer apply.
        if (tick.status === 'scheduled') this.incidents.length = 0;
        s.status = tick.status;
        break;
      case 'incident': {
        const { type, team, clockMs, player } = tick;
        this.incidents.push(
          player === undefined ? { type, team, clockMs } : { type, team, clockMs, player },
        );
        if (this.incidents.length > MAX_SNAPSHOT_INCIDENTS) this.incidents.shift();
        break;
      }
    }
  }
}

function foldQuote(
  s: Mutable<MarketSnapshotState>,
  ts: number,
  bid: number,
  ask: number,
  bidSize: number,
  askSize: number,
): void {
  s.ts = ts;
  s.bid = bid;
  s.ask = ask;
  s.bidSize = bidSize;
  s.askSize = askSize;
}

function foldTrade(
  s: Mutable<MarketSnapshotState>,
  ts: number,
  price: number,
  size: number,
  count: number,
): void {
  s.ts = ts;
  s.last = price;
  s.lastSize = size;
  s.volume += size;
  s.trades += count;
  if (price > s.high) s.high = price;
  if (price < s.low) s.low = price;
}
