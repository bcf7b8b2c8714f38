/**
 * The market model's events of one instrument at a given mid: a quote placed around it, or a
 * trade that crosses the spread, on the instrument's price grid (whole ticks, never below one)
 * and numbered by the instrument's seq. The model decides when and at which mid; this decides
 * the prices and sizes.
 */
import type { BookTick } from '../protocol/feed';
import type { QuotedTop } from './book-model';
import type { PriceGrid } from './market-instruments';
import type { Rng } from './rng';
import type { MarketEventSink } from './tick-columns';

/** Trade sizes are log-normal around this median (shares), with a heavy tail of block trades. */
const TRADE_SIZE_MEDIAN = 200;
const TRADE_SIZE_LOG_SIGMA = 1.1;
/** Quoted sizes are whole lots. */
const LOT_SIZE = 100;
const MAX_QUOTE_LOTS = 40;

/** A quote as the model keeps it: prices in ticks, so the book's levels can step from them. */
type Top = { -readonly [K in keyof QuotedTop]: number };

/** Prices, sizes and seqs of the market's events, instrument by instrument. */
export class MarketEvents {
  private readonly ids: string[] = [];
  private readonly grids: PriceGrid[] = [];
  private readonly spreadBps: number[] = [];
  private readonly seq: number[] = [];
  /** The quote each instrument last sent, which its book's best levels must equal. */
  private readonly quoted: Top[] = [];
  /** Scratch output of placeBook, kept in fields to avoid an allocation per event. */
  private bidTicks = 0;
  private askTicks = 0;

  constructor(private readonly rng: Rng) {}

  /** Adds the next instrument (index order), quoted `spreadBps` basis points wide. */
  add(id: string, grid: PriceGrid, spreadBps: number): void {
    this.ids.push(id);
    this.grids.push(grid);
    this.spreadBps.push(spreadBps);
    this.seq.push(0);
    this.quoted.push({ bidTicks: 0, askTicks: 0, bidSize: 0, askSize: 0 });
  }

  /** The quote an instrument last sent. */
  top(index: number): QuotedTop {
    return this.quoted[index]!;
  }

  /** Exact decimal price of a whole number of ticks (integer / power of ten rounds correctly). */
  price(index: number, ticks: number): number {
    const grid = this.grids[index]!;
    return (ticks * grid.tickUnits) / grid.priceScale;
  }

  /** `mid` rounded to the instrument's grid. */
  onGrid(index: number, mid: number): number {
    return this.price(index, Math.round(mid / this.tickSize(index)));
  }

  /** Places the first quote around `mid`, sending nothing (the instrument's first snapshot carries it). */
  open(index: number, mid: number): QuotedTop {
    this.placeQuote(index, mid, 1);
    return this.quoted[index]!;
  }

  quote(
    index: number,
    mid: number,
    spreadMultiplier: number,
    ts: number,
    out: MarketEventSink,
  ): void {
    this.placeQuote(index, mid, spreadMultiplier);
    const top = this.quoted[index]!;
    const bid = this.price(index, top.bidTicks);
    const ask = this.price(index, top.askTicks);
    out.quote(index, ++this.seq[index]!, ts, bid, ask, top.bidSize, top.askSize);
  }

  /**
   * A trade that crosses the spread: buyers lift the ask, sellers hit the bid. Returns its
   * size, negative for a sale.
   */
  trade(
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

  /** One step's book changes, an event of the instrument after its quotes and trades. */
  bookTick(index: number, bids: BookTick['bids'], asks: BookTick['asks'], ts: number): BookTick {
    return { instrument: this.ids[index]!, seq: ++this.seq[index]!, ts, kind: 'book', bids, asks };
  }

  private tickSize(index: number): number {
    const grid = this.grids[index]!;
    return grid.tickUnits / grid.priceScale;
  }

  /** Places bid and ask around `mid` and draws their sizes: the instrument's quote from now on. */
  private placeQuote(index: number, mid: number, spreadMultiplier: number): void {
    this.placeBook(index, mid, spreadMultiplier);
    const top = this.quoted[index]!;
    top.bidTicks = this.bidTicks;
    top.askTicks = this.askTicks;
    top.bidSize = LOT_SIZE * (1 + this.rng.int(MAX_QUOTE_LOTS));
    top.askSize = LOT_SIZE * (1 + this.rng.int(MAX_QUOTE_LOTS));
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
}
