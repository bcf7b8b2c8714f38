/**
 * The simulated level-2 book of each market instrument: `levels` prices a side on the tick
 * grid, from the latest quote outwards. After each step the book is re-centred on the quote
 * the instrument last sent (so its best bid and ask equal that quote, sizes included), resting
 * sizes are eaten by the step's trades (sells hit the bids, buys lift the asks) and refilled
 * when a level empties, and one deeper level a side drifts by a lot. It draws from its own
 * random stream, so the quotes and trades of a seed are the same with the book on or off.
 */
import type { BookLevel, BookState } from '../protocol/feed';
import type { Rng } from './rng';

/** Resting sizes are whole lots, like quoted sizes. */
const LOT_SIZE = 100;
const MAX_RESTING_LOTS = 60;

/** Changes to one instrument's book, best first. */
export interface BookChanges {
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
}

/** The top of book a step ended on: prices in ticks of the instrument's grid. */
export interface QuotedTop {
  readonly bidTicks: number;
  readonly askTicks: number;
  readonly bidSize: number;
  readonly askSize: number;
}

export class BookModel {
  private readonly bestBid: Float64Array;
  private readonly bestAsk: Float64Array;
  /** Sizes by instrument and level: `[index * levels + k]`, level 0 at the best price. */
  private readonly bidSizes: Float64Array;
  private readonly askSizes: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    /** Levels per side, at least 1. */
    readonly levels: number,
    count: number,
    private readonly rng: Rng,
    /** Exact price of a whole number of ticks of instrument `index`. */
    private readonly price: (index: number, ticks: number) => number,
  ) {
    this.bestBid = new Float64Array(count);
    this.bestAsk = new Float64Array(count);
    this.bidSizes = new Float64Array(count * levels);
    this.askSizes = new Float64Array(count * levels);
    this.scratch = new Float64Array(levels);
  }

  /** The instrument's first book, around its first quote. */
  initial(index: number, top: QuotedTop): BookState {
    const base = index * this.levels;
    this.bestBid[index] = top.bidTicks;
    this.bestAsk[index] = top.askTicks;
    for (let k = 0; k < this.levels; k++) {
      this.bidSizes[base + k] = k === 0 ? top.bidSize : this.restingSize();
      this.askSizes[base + k] = k === 0 ? top.askSize : this.restingSize();
    }
    return {
      bids: this.side(index, this.bidSizes, top.bidTicks, -1),
      asks: this.side(index, this.askSizes, top.askTicks, 1),
    };
  }

  /**
   * Moves the book to the end of a step: `top` is the quote the instrument last sent,
   * `bought` and `sold` the trade volume at the ask and at the bid. Returns the changed
   * levels (size 0 removes a price), or null when nothing changed.
   */
  step(index: number, top: QuotedTop, bought: number, sold: number): BookChanges | null {
    const bids = this.moveSide(
      index,
      this.bidSizes,
      this.bestBid,
      top.bidTicks,
      top.bidSize,
      sold,
      -1,
    );
    const asks = this.moveSide(
      index,
      this.askSizes,
      this.bestAsk,
      top.askTicks,
      top.askSize,
      bought,
      1,
    );
    return bids.length === 0 && asks.length === 0 ? null : { bids, asks };
  }

  private restingSize(): number {
    return LOT_SIZE * (1 + this.rng.int(MAX_RESTING_LOTS));
  }

  /** Level k's price in ticks: `best - k` for bids (`dir` -1), `best + k` for asks. */
  private side(index: number, sizes: Float64Array, best: number, dir: 1 | -1): BookLevel[] {
    const out: BookLevel[] = [];
    const base = index * this.levels;
    for (let k = 0; k < this.levels; k++) {
      const ticks = best + dir * k;
      if (ticks < 1) break; // no price below one tick
      out.push([this.price(index, ticks), sizes[base + k]!]);
    }
    return out;
  }

  /** Re-centres one side on `newBest`, applies `traded` volume and drift; returns changes. */
  private moveSide(
    index: number,
    sizes: Float64Array,
    bests: Float64Array,
    newBest: number,
    topSize: number,
    traded: number,
    dir: 1 | -1,
  ): BookLevel[] {
    const levels = this.levels;
    const base = index * levels;
    const oldBest = bests[index]!;
    const next = this.scratch;
    // Old level j holds the price new level k has when j = k + shift.
    const shift = (newBest - oldBest) * dir;
    for (let k = 0; k < levels; k++) {
      const j = k + shift;
      next[k] = j >= 0 && j < levels ? sizes[base + j]! : this.restingSize();
    }
    next[0] = topSize;
    // Trades at the touch eat the resting orders behind it; an emptied level refills.
    for (let k = 1; k < levels && traded > 0; k++) {
      const take = Math.min(traded, next[k]!);
      traded -= take;
      next[k] = next[k]! - take > 0 ? next[k]! - take : this.restingSize();
    }
    if (levels > 1 && this.rng.next() < 0.5) {
      const k = 1 + this.rng.int(levels - 1);
      next[k] = Math.max(LOT_SIZE, next[k]! + (this.rng.next() < 0.5 ? -LOT_SIZE : LOT_SIZE));
    }
    const changes: BookLevel[] = [];
    // Prices that left the side.
    for (let j = 0; j < levels; j++) {
      const k = j - shift;
      const ticks = oldBest + dir * j;
      if ((k < 0 || k >= levels) && ticks >= 1) changes.push([this.price(index, ticks), 0]);
    }
    for (let k = 0; k < levels; k++) {
      const ticks = newBest + dir * k;
      const j = k + shift;
      const size = next[k]!;
      const was = j >= 0 && j < levels && oldBest + dir * j >= 1 ? sizes[base + j]! : 0;
      if (ticks >= 1 && size !== was) changes.push([this.price(index, ticks), size]);
    }
    sizes.set(next, base);
    bests[index] = newBest;
    return changes;
  }
}
