/**
 * The market model: N equity-like instruments whose mid prices follow geometric Brownian
 * motion with per-instrument volatility and correlation within a sector. Each simulated step,
 * every instrument draws a Poisson number of events; each event is independently a trade (so
 * trades are themselves a Poisson process) or a quote update. Prices are whole multiples of
 * the tick size and never below one tick.
 */
import type { MarketInstrument, MarketSnapshotState } from '../protocol/feed';
import { BookModel } from './book-model';
import { MarketEvents } from './market-events';
import { SECTOR_COUNT, makeMarketInstrument } from './market-instruments';
import type { Rng } from './rng';
import type { MarketEventSink } from './tick-columns';

/** Share of the log-return variance explained by the instrument's sector factor. */
const SECTOR_CORRELATION = 0.6;
const MS_PER_HOUR = 3_600_000;
/** Probability that an event is a trade rather than a quote update. */
const TRADE_PROBABILITY = 0.25;

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
  private readonly sectorOf: number[] = [];
  private readonly vol: number[] = [];
  /** Relative activity; the event rate is split between instruments in these proportions. */
  private readonly weights: number[] = [];
  private readonly mid: number[] = [];
  private readonly sectorShocks = new Float64Array(SECTOR_COUNT);
  private readonly events: MarketEvents;
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
    const events = new MarketEvents(rng);
    let totalWeight = 0;
    for (let i = 0; i < count; i++) {
      const made = makeMarketInstrument(i, rng);
      instruments.push(made.instrument);
      events.add(made.instrument.id, made.grid, made.spreadBps);
      this.sectorOf.push(made.sector);
      this.vol.push(made.vol);
      this.weights.push(made.weight);
      totalWeight += made.weight;
      this.mid.push(made.price);
    }
    this.events = events;
    this.book =
      bookLevels > 0 && bookRng !== undefined
        ? new BookModel(bookLevels, count, bookRng, (i, ticks) => events.price(i, ticks))
        : null;
    for (let i = 0; i < count; i++) this.weights[i] = this.weights[i]! / totalWeight;
    this.instruments = instruments;
  }

  /** The state an instrument starts in (seq 0): a quote around its first price, no trades. */
  initialState(index: number, ts: number): MarketSnapshotState {
    const top = this.events.open(index, this.mid[index]!);
    const mid = this.events.onGrid(index, this.mid[index]!);
    return {
      kind: 'market',
      bid: this.events.price(index, top.bidTicks),
      ask: this.events.price(index, top.askTicks),
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
      const eventCount = rng.poisson(meanEvents * this.weights[i]!);
      if (eventCount === 0 || conditions.halted(i)) continue;
      const spread = conditions.spreadMultiplier(i);
      // Buyers dominate while the price rises, sellers while it falls.
      const buyProbability = 0.5 + Math.max(-0.3, Math.min(0.3, logReturn * 200));
      let bought = 0;
      let sold = 0;
      for (let k = 1; k <= eventCount; k++) {
        const mid = from + ((to - from) * k) / eventCount;
        if (rng.next() < TRADE_PROBABILITY) {
          const traded = this.events.trade(i, mid, spread, buyProbability, ts, out);
          if (traded > 0) bought += traded;
          else sold -= traded;
        } else this.events.quote(i, mid, spread, ts, out);
      }
      const changes = this.book?.step(i, this.events.top(i), bought, sold);
      if (changes) out.push(this.events.bookTick(i, changes.bids, changes.asks, ts), i);
    }
  }
}
