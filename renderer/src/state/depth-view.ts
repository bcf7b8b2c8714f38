/**
 * The depth panel's data, folded from batches' `depth`: the selected instrument's ladder rows
 * (with cumulative sizes and which levels just changed) and its trade tape, a bounded list
 * newest first that can be paused. Pure, so it is tested without a DOM.
 */
import type { DepthDelta } from '../../../protocol/batch';
import type { BookLevel } from '../../../protocol/feed';

/** Trades the tape holds (the view is virtualised, so this bounds memory, not DOM). */
export const TAPE_ROWS = 500;

/** One ladder row: a price level with the cumulative size from the best price to it. */
export interface LadderRow {
  readonly price: number;
  readonly size: number;
  readonly cumulative: number;
  /** +1 the size grew, -1 it shrank, 0 unchanged, since the last fold (for the flash). */
  readonly change: -1 | 0 | 1;
}

export interface BookView {
  readonly id: string;
  /** Bids high to low, asks low to high, index 0 at the best price. */
  readonly bids: readonly LadderRow[];
  readonly asks: readonly LadderRow[];
  /** Best ask minus best bid, or null when a side is empty. */
  readonly spread: number | null;
  readonly mid: number | null;
  /** The largest cumulative size of either side, for scaling the bars. */
  readonly maxCumulative: number;
  /** The feed keeps no book for the instrument. */
  readonly none: boolean;
  /** The book is being resynced (a gap or a checksum mismatch). */
  readonly resyncing: boolean;
}

export interface TapeRow {
  readonly t: number;
  readonly price: number;
  readonly size: number;
  readonly side: 'buy' | 'sell';
}

function ladder(
  levels: readonly BookLevel[],
  before: readonly LadderRow[] | undefined,
): LadderRow[] {
  const was = new Map(before?.map((r) => [r.price, r.size]));
  let cumulative = 0;
  return levels.map(([price, size]) => {
    cumulative += size;
    const prev = was.get(price);
    const change = prev === undefined || prev === size ? 0 : size > prev ? 1 : -1;
    return { price, size, cumulative, change };
  });
}

/** The book view after a batch's depth; `before` is the view it replaces (for the flash). */
export function foldBook(before: BookView | null, depth: DepthDelta): BookView {
  const same = before?.id === depth.id ? before : null;
  const bids = ladder(depth.book?.bids ?? [], same?.bids);
  const asks = ladder(depth.book?.asks ?? [], same?.asks);
  const bestBid = bids[0]?.price;
  const bestAsk = asks[0]?.price;
  const both = bestBid !== undefined && bestAsk !== undefined;
  return {
    id: depth.id,
    bids,
    asks,
    spread: both ? bestAsk - bestBid : null,
    mid: both ? (bestAsk + bestBid) / 2 : null,
    maxCumulative: Math.max(bids.at(-1)?.cumulative ?? 0, asks.at(-1)?.cumulative ?? 0),
    none: depth.book === null,
    resyncing: depth.resyncing,
  };
}

/**
 * `next` with the flashes of `unshown`, a book folded after the last one drawn but never drawn
 * itself (two batches within one frame): a level that changed in either still flashes.
 */
export function keepFlashes(unshown: BookView | null, next: BookView | null): BookView | null {
  if (!unshown || !next || unshown.id !== next.id) return next;
  const carry = (rows: readonly LadderRow[], was: readonly LadderRow[]) => {
    const flashed = new Map(was.filter((r) => r.change !== 0).map((r) => [r.price, r.change]));
    if (flashed.size === 0) return rows;
    return rows.map((r) =>
      r.change !== 0 || !flashed.has(r.price) ? r : { ...r, change: flashed.get(r.price)! },
    );
  };
  return { ...next, bids: carry(next.bids, unshown.bids), asks: carry(next.asks, unshown.asks) };
}

/** The tape, newest first, at most {@link TAPE_ROWS}. */
export class Tape {
  rows: TapeRow[] = [];

  /** Folds a batch's trades; a reset (another instrument, or a new source) starts afresh. */
  fold(depth: DepthDelta): void {
    if (depth.tapeReset) {
      this.rows = [];
    }
    const { t, price, size, side } = depth.trades;
    if (t.length === 0) return;
    const fresh: TapeRow[] = [];
    for (let i = t.length - 1; i >= 0 && fresh.length < TAPE_ROWS; i--) {
      fresh.push({
        t: t[i]!,
        price: price[i]!,
        size: size[i]!,
        side: side[i]! > 0 ? 'buy' : 'sell',
      });
    }
    this.rows = fresh.concat(this.rows).slice(0, TAPE_ROWS);
  }
}

/**
 * The size from which a trade counts as large: the tape's 90th percentile, at least twice
 * the median, so a calm tape highlights little and a block trade stands out.
 */
export function largeTradeSize(rows: readonly TapeRow[]): number {
  if (rows.length < 10) return Infinity;
  const sizes = rows.map((r) => r.size).sort((a, b) => a - b);
  const at = (q: number) => sizes[Math.min(sizes.length - 1, Math.floor(q * sizes.length))]!;
  return Math.max(at(0.9), 2 * at(0.5));
}

/** Cumulative depth curves around the mid, for the depth chart: x price, y size. */
export function depthCurves(book: BookView): {
  bids: { x: number; y: number }[];
  asks: { x: number; y: number }[];
} {
  // Step curves from the mid outwards: each level adds its size at its price.
  const bids = [...book.bids].reverse().map((r) => ({ x: r.price, y: r.cumulative }));
  const asks = book.asks.map((r) => ({ x: r.price, y: r.cumulative }));
  return { bids, asks };
}
