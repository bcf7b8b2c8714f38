/**
 * The market model: N equity-like instruments whose mid prices follow geometric Brownian
 * motion with per-instrument volatility and correlation within a sector. Each simulated step,
 * every instrument draws a Poisson number of events; each event is independently a trade (so
 * trades are themselves a Poisson process) or a quote update. Prices are whole multiples of
 * the tick size and never below one tick.
 */
import type { BookTick, MarketInstrument, MarketSnapshotState } from '../protocol/feed';
import { BookModel } from './book-model';
import { SECTOR_COUNT, makeMarketInstrument, type PriceGrid } from './market-instruments';
import type { Rng } from './rng';
import type { MarketEventSink } from './tick-columns';

/** Share of the log-return variance explained by the instrument's sector factor. */
const SECTOR_CORRELATION = 0.6;
const MS_PER_HOUR = 3_600_000;
/** Probability that an event is a trade rather than a quote update. */
const TRADE_PROBABILITY = 0.25;
/** Trade sizes are log-normal around this median (shares), with a heavy tail of block trades. */
const TRADE_SIZE_MEDIAN = 200;
const TRADE_SIZE_LOG_SIGMA = 1.1;
/** Quoted sizes are whole lots. */
const LOT_SIZE = 100;
const MAX_QUOTE_LOTS = 40;

/** What the scenario imposes on one instrument for one step. */
export interface MarketConditions {
  /** No events at all (the price keeps moving underneath, so the reopen may gap). */
  halted(index: number): boolean;
  /** Extra log-return added this step (a crash or its recovery). */
  shockLogReturn(index: number): number;
  /** Multiplier on the spread (spreads blow out in a crash). */
  spreadMultiplier(index: number): number;
}

/** Generates market events from a seeded random stream. */
export class MarketModel {
  /** The instruments, in index order, as announced in `hello`. */
  readonly instruments: readonly MarketInstrument[];
  private readonly grids: PriceGrid[] = [];
  private readonly sectorOf: number[] = [];
  private readonly vol: number[] = [];
  private readonly spreadBps: number[] = [];
  /** Relative activity; the event rate is split between instruments in these proportions. */
  private readonly weights: number[] = [];
  private readonly mid: number[] = [];
  private readonly seq: number[] = [];
  private readonly sectorShocks = new Float64Array(SECTOR_COUNT);
  /** Scratch output of placeBook, kept in fields to avoid an allocation per event. */
  private bidTicks = 0;
  private askTicks = 0;
  /** The quote each instrument last sent, which its book's best levels must equal. */
  private readonly quoted: {
    bidTicks: number;
    askTicks: number;
    bidSize: number;
    askSize: number;
  }[] = [];
  /** The L2 books, or null when they are off. */
  private readonly book: BookModel | null;

  /**
   * `bookLevels` levels a side per instrument (0: no book), drawn from `bookRng` so that the
   * quotes and trades of a seed do not depend on whether books are on.
   */
  constructor(
    count: number,
    private readonly rng: Rng,
    bookLevels = 0,
    bookRng?: Rng,
  ) {
    const instruments: MarketInstrument[] = [];
    let totalWeight = 0;
    for (let i = 0; i < count; i++) {
      const made = makeMarketInstrument(i, rng);
      instruments.push(made.instrument);
      this.grids.push(made.grid);
      this.sectorOf.push(made.sector);
      this.vol.push(made.vol);
      this.spreadBps.push(made.spreadBps);
      this.weights.push(made.weight);
      totalWeight += made.weight;
      this.mid.push(made.price);
      this.seq.push(0);
      this.quoted.push({ bidTicks: 0, askTicks: 0, bidSize: 0, askSize: 0 });
    }
    this.book =
      bookLevels > 0 && bookRng !== undefined
        ? new BookModel(bookLevels, count, bookRng, (i, ticks) => this.price(i, ticks))
        : null;
    for (let i = 0; i < count; i++) this.weights[i] = this.weights[i]! / totalWeight;
    this.instruments = instruments;
  }

  /** The state an instrument starts in (seq 0): a quote around its first price, no trades. */
  initialState(index: number, ts: number): MarketSnapshotState {
    this.placeBook(index, this.mid[index]!, 1);
    const mid = this.price(index, Math.round(this.mid[index]! / this.tickSize(index)));
    const top = this.quoted[index]!;
    top.bidTicks = this.bidTicks;
    top.askTicks = this.askTicks;
    top.bidSize = LOT_SIZE * (1 + this.rng.int(MAX_QUOTE_LOTS));
    top.askSize = LOT_SIZE * (1 + this.rng.int(MAX_QUOTE_LOTS));
    return {
      kind: 'market',
      bid: this.price(index, this.bidTicks),
      ask: this.price(index, this.askTicks),
      bidSize: top.bidSize,
      askSize: top.askSize,
      ...(this.book && { book: this.book.initial(index, top) }),
      open: mid,
      high: mid,
      low: mid,
      last: mid,
      lastSize: 0,
      volume: 0,
      trades: 0,
      ts,
    };
  }

  /**
   * Advances every price by one step of `stepMs` simulated ms and writes the step's events to
   * `out`, in order. `meanEvents` is the expected number of events across all instruments this
   * step.
   */
  step(
    stepMs: number,
    meanEvents: number,
    conditions: MarketConditions,
    ts: number,
    out: MarketEventSink,
  ): void {
    const rng = this.rng;
    const dtHours = stepMs / MS_PER_HOUR;
    for (let s = 0; s < SECTOR_COUNT; s++) this.sectorShocks[s] = rng.normal();
    const idiosyncratic = Math.sqrt(1 - SECTOR_CORRELATION);
    const common = Math.sqrt(SECTOR_CORRELATION);
    for (let i = 0; i < this.mid.length; i++) {
      const sigma = this.vol[i]!;
      const z = common * this.sectorShocks[this.sectorOf[i]!]! + idiosyncratic * rng.normal();
      const logReturn =
        -0.5 * sigma * sigma * dtHours +
        sigma * Math.sqrt(dtHours) * z +
        conditions.shockLogReturn(i);
      const from = this.mid[i]!;
      const to = from * Math.exp(logReturn);
      this.mid[i] = to;
      const events = rng.poisson(meanEvents * this.weights[i]!);
      if (events === 0 || conditions.halted(i)) continue;
      const spread = conditions.spreadMultiplier(i);
      // Buyers dominate while the price rises, sellers while it falls.
      const buyProbability = 0.5 + Math.max(-0.3, Math.min(0.3, logReturn * 200));
      let bought = 0;
      let sold = 0;
      for (let k = 1; k <= events; k++) {
        const mid = from + ((to - from) * k) / events;
        if (rng.next() < TRADE_PROBABILITY) {
          const traded = this.trade(i, mid, spread, buyProbability, ts, out);
          if (traded > 0) bought += traded;
          else sold -= traded;
        } else this.quote(i, mid, spread, ts, out);
      }
      const changes = this.book?.step(i, this.quoted[i]!, bought, sold);
      if (changes) out.push(this.bookTick(i, changes.bids, changes.asks, ts), i);
    }
  }

  /** One step's book changes, an event of the instrument after its quotes and trades. */
  private bookTick(
    index: number,
    bids: BookTick['bids'],
    asks: BookTick['asks'],
    ts: number,
  ): BookTick {
    return {
      instrument: this.instruments[index]!.id,
      seq: ++this.seq[index]!,
      ts,
      kind: 'book',
      bids,
      asks,
    };
  }

  private tickSize(index: number): number {
    const grid = this.grids[index]!;
    return grid.tickUnits / grid.priceScale;
  }

  /** Exact decimal price of a whole number of ticks (integer / power of ten rounds correctly). */
  private price(index: number, ticks: number): number {
    const grid = this.grids[index]!;
    return (ticks * grid.tickUnits) / grid.priceScale;
  }

  /** Places bid and ask (in ticks) around `mid`; the bid is never below one tick. */
  private placeBook(index: number, mid: number, spreadMultiplier: number): void {
    const tick = this.tickSize(index);
    const spreadTicks = Math.max(
      1,
      Math.round((mid * this.spreadBps[index]! * spreadMultiplier) / 10_000 / tick) +
        this.rng.int(2),
    );
    this.bidTicks = Math.max(1, Math.round(mid / tick - spreadTicks / 2));
    this.askTicks = this.bidTicks + spreadTicks;
  }

  private quote(
    index: number,
    mid: number,
    spreadMultiplier: number,
    ts: number,
    out: MarketEventSink,
  ): void {
    this.placeBook(index, mid, spreadMultiplier);
    const top = this.quoted[index]!;
    top.bidTicks = this.bidTicks;
    top.askTicks = this.askTicks;
    top.bidSize = LOT_SIZE * (1 + this.rng.int(MAX_QUOTE_LOTS));
    top.askSize = LOT_SIZE * (1 + this.rng.int(MAX_QUOTE_LOTS));
    const bid = this.price(index, this.bidTicks);
    const ask = this.price(index, this.askTicks);
    out.quote(index, ++this.seq[index]!, ts, bid, ask, top.bidSize, top.askSize);
  }

  /**
   * A trade that crosses the spread: buyers lift the ask, sellers hit the bid. Returns its
   * size, negative for a sale.
   */
  private trade(
    index: number,
    mid: number,
    spreadMultiplier: number,
    buyProbability: number,
    ts: number,
    out: MarketEventSink,
  ): number {
    const rng = this.rng;
    this.placeBook(index, mid, spreadMultiplier);
    const buy = rng.next() < buyProbability;
    const size = Math.max(
      1,
      Math.round(TRADE_SIZE_MEDIAN * Math.exp(TRADE_SIZE_LOG_SIGMA * rng.normal())),
    );
    const price = this.price(index, buy ? this.askTicks : this.bidTicks);
    out.trade(index, ++this.seq[index]!, ts, price, size, buy);
    return buy ? size : -size;
  }
}
