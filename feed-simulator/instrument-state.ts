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

  constructor(instrument: string, initial: SnapshotState, historyCapacity: number) {
    this.state = { ...initial } as InstrumentState['state'];
    if (initial.kind === 'sports') this.incidents.push(...initial.incidents);
    if (initial.kind === 'market' && initial.book !== undefined) {
      this.book = new OrderBook(MAX_BOOK_LEVELS);
      this.book.replace(initial.book);
    }
    this.history =
      initial.kind === 'market'
        ? new MarketHistory(instrument, historyCapacity)
        : new ObjectHistory(historyCapacity);
  }

  /** Folds the instrument's next event into the state and the history. */
  apply(tick: Tick): void {
    this.seq = tick.seq;
    const s = this.state;
    s.ts = tick.ts;
    if (s.kind === 'market') {
      if (tick.kind === 'quote') {
        s.bid = tick.bid;
        s.ask = tick.ask;
        s.bidSize = tick.bidSize;
        s.askSize = tick.askSize;
      } else if (tick.kind === 'trade') {
        s.last = tick.price;
        s.lastSize = tick.size;
        s.volume += tick.size;
        s.trades += tick.count ?? 1;
        if (tick.price > s.high) s.high = tick.price;
        if (tick.price < s.low) s.low = tick.price;
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
