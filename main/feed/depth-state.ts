/**
 * What lies behind a market instrument's price: its L2 book, when the feed keeps one, and the
 * tape of its latest trades. Both are bounded (the book to `MAX_BOOK_LEVELS` a side, the tape
 * to {@link TAPE_TRADES}) whatever the feed sends; batches carry them only for the instrument
 * a consumer selected. A trade goes to the tape through the feed's tape log (ring-log.ts), so
 * with thousands of instruments a trade does not reach a tape out of the cache; the tape takes
 * its trades from the log when it is read.
 */
import type { BookState, BookTick, TradeTick } from '../../protocol/feed';
import { MAX_BOOK_LEVELS } from '../../protocol/limits';
import { ColumnarRing } from '../../shared/columnar-ring';
import { OrderBook } from '../../shared/order-book';
import { type LoggedRing, RingLog } from './ring-log';

/** Trades the tape keeps per instrument: more than any tape view shows at once. */
export const TAPE_TRADES = 512;

/** Columns of {@link DepthState.tape}. */
export const TAPE_T = 0;
export const TAPE_PRICE = 1;
export const TAPE_SIZE = 2;
/** 1 for a buy (the ask lifted), -1 for a sell (the bid hit). */
export const TAPE_SIDE = 3;
/** Columns of the tape (and of a tape log's rows). */
export const TAPE_COLUMNS = 4;

/** Log rows of a depth made alone (tests); a feed's markets share the feed's tape log. */
const OWN_LOG_ENTRIES = 64;

export class DepthState implements LoggedRing {
  /** The book, or null when the feed sends none for this instrument. */
  book: OrderBook | null = null;
  /**
   * False after the book broke (a gap or a checksum mismatch) until a whole book replaces it:
   * what it holds is then not shown as the market's.
   */
  bookValid = false;
  /** Rises on every change to the book or the tape. */
  version = 0;
  /** See LoggedRing: the newest of this tape's trades still in {@link log}. */
  logHead = -1;
  /** The tape without the trades still in the log: readers use {@link tape}. */
  private readonly tapeRing = new ColumnarRing(TAPE_TRADES, TAPE_COLUMNS);

  /** `log`: the feed's tape log, shared with its other markets; a depth alone gets its own. */
  constructor(private readonly log: RingLog = new RingLog(TAPE_COLUMNS, OWN_LOG_ENTRIES)) {}

  /** The tape, every trade folded so far included; read it again after more trades. */
  get tape(): ColumnarRing {
    this.log.drain(this, this.tapeRing);
    return this.tapeRing;
  }

  applyTrade(tick: TradeTick): void {
    const at = this.log.add(this, this.tapeRing);
    const rows = this.log.rows;
    rows[at + TAPE_T] = tick.ts;
    rows[at + TAPE_PRICE] = tick.price;
    rows[at + TAPE_SIZE] = tick.size;
    rows[at + TAPE_SIDE] = tick.side === 'buy' ? 1 : -1;
    this.version++;
  }

  /** Drops the trades after event time `t`: a replay sought back to `t`, they are its future. */
  keepTradesUpTo(t: number): void {
    this.tape.dropAfter(TAPE_T, t);
    this.version++;
  }

  applyBook(tick: BookTick): void {
    this.book ??= new OrderBook(MAX_BOOK_LEVELS);
    if (tick.full === true) {
      this.book.replace(tick);
      this.bookValid = true;
    } else if (this.bookValid) {
      this.book.apply(tick.bids, tick.asks);
    }
    this.version++;
  }

  /** A snapshot replaces the book (or says the feed keeps none). */
  applySnapshot(book: BookState | undefined): void {
    this.version++;
    if (book === undefined) {
      this.book = null;
      this.bookValid = false;
      return;
    }
    this.book ??= new OrderBook(MAX_BOOK_LEVELS);
    this.book.replace(book);
    this.bookValid = true;
  }

  /** The book can no longer be trusted: emptied until a whole book arrives. */
  invalidateBook(): void {
    if (this.book === null) return;
    this.book.clear();
    this.bookValid = false;
    this.version++;
  }
}
