/**
 * The batches bench/dashboard-full-page.ts feeds its dashboard, shaped like the engine's at
 * `ticksPerSec` with books on: two charted instruments of `instruments`, each with its price
 * points and bars, and the first one's book (`bookLevels` a side) and trades.
 */
import type { Batch, DepthDelta, SeriesDelta } from '../protocol/batch';
import type { MarketInstrument } from '../protocol/feed';
import type { MarketRow } from '../protocol/market-rows';
import { TAPE_TRADES } from '../main/feed/depth-state';
import { SERIES_BUCKET_MS } from '../main/feed/series-bucket';
import { health } from '../test-support/batches';
import { BarFold } from './bar-fold';
import { walker } from './dashboard-frames';

/** What the feed is like. */
export interface FeedShape {
  readonly batchHz: number;
  /** Ticks per second across all instruments, as the engine would conflate them. */
  readonly ticksPerSec: number;
  readonly instruments: number;
  readonly bookLevels: number;
  /** Points each charted instrument holds before the run. */
  readonly historyPoints: number;
}

/** The engine's series keeps at most 4 points per bucket: first, low, high, last. */
const SERIES_POINTS_PER_SEC = (4 * 1000) / SERIES_BUCKET_MS;
/** Share of a market's ticks that are trades (the rest quotes and book changes). */
const TRADE_SHARE = 0.3;

/** A running feed's batches, made as they are asked for. */
export interface FullFeed {
  /** The instruments with charts (the first one has the book). */
  readonly charted: readonly string[];
  /** The reset batch a page that opens on a running feed gets: instruments and history. */
  first(): Batch;
  /** What happened since the last batch, up to now. */
  next(): Batch;
}

export function fullFeed(o: FeedShape, withBook: boolean): FullFeed {
  const ids = Array.from({ length: o.instruments }, (_, i) => `I${i}`);
  const charted = ids.slice(0, 2);
  const instruments: MarketInstrument[] = ids.map((id) => ({
    id,
    kind: 'market',
    name: id,
    tickSize: 0.01,
  }));
  const walks = ids.map((_, i) => walker(i + 1));
  const last = ids.map((_, i) => 100 + i);
  const folds = charted.map(() => new BarFold());
  const perBatchSec = 1 / o.batchHz;
  const seriesPoints = Math.max(1, Math.round(SERIES_POINTS_PER_SEC * perBatchSec));
  const tradesPerBatch = Math.min(
    TAPE_TRADES,
    Math.round(((o.ticksPerSec / o.instruments) * TRADE_SHARE) / o.batchHz),
  );
  let seq = 0;
  let clock = Date.now() - o.historyPoints * (1000 / SERIES_POINTS_PER_SEC);

  /** Points (and bars) of each charted instrument up to `until`. */
  const series = (until: number, n: number): SeriesDelta[] =>
    charted.map((id, i) => {
      const t: number[] = [];
      const price: number[] = [];
      const step = (until - clock) / n;
      for (let k = 1; k <= n; k++) {
        const at = Math.round(clock + k * step);
        const p = (last[i] = walks[i]!());
        t.push(at);
        price.push(p);
        folds[i]!.add(at, p, 1);
      }
      return { id, t, price };
    });

  const rows = (): MarketRow[] =>
    ids.map((id, i) => {
      if (i >= charted.length) last[i] = walks[i]!();
      const p = last[i]!;
      return {
        id,
        bid: p - 0.01,
        ask: p + 0.01,
        bidSize: 5,
        askSize: 5,
        last: p,
        open: 100 + i,
        high: p + 1,
        low: p - 1,
        volume: 1_000 + seq,
        trades: seq,
        ts: clock,
      };
    });

  const depth = (): DepthDelta => {
    const mid = last[0]!;
    const level = (k: number, side: 1 | -1) =>
      [
        Math.round((mid + side * (k + 1) * 0.01) * 100) / 100,
        1 + ((seq * 7 + k * 13) % 40),
      ] as const;
    const n = tradesPerBatch;
    return {
      id: charted[0]!,
      book: {
        bids: Array.from({ length: o.bookLevels }, (_, k) => level(k, -1)),
        asks: Array.from({ length: o.bookLevels }, (_, k) => level(k, 1)),
      },
      resyncing: false,
      tapeReset: seq === 1,
      trades: {
        t: Array.from({ length: n }, (_, k) => clock - (n - k)),
        price: Array.from({ length: n }, (_, k) => mid + ((k % 5) - 2) * 0.01),
        size: Array.from({ length: n }, (_, k) => 1 + ((seq + k) % 50)),
        side: Array.from({ length: n }, (_, k) => (k % 2 === 0 ? 1 : -1)),
      },
    };
  };

  const batchOf = (over: Partial<Batch>): Batch => ({
    seq: ++seq,
    ts: clock,
    reset: false,
    market: rows(),
    series: [],
    bars: [],
    sports: [],
    newestTickTs: clock,
    health: health({ ticksPerSec: o.ticksPerSec }),
    ...(withBook && { depth: depth() }),
    ...over,
  });

  return {
    charted,
    first() {
      const now = Date.now();
      const history = series(now, o.historyPoints);
      clock = now;
      return batchOf({
        reset: true,
        instruments,
        series: history,
        bars: folds.flatMap((f, i) => f.delta(charted[i]!)),
      });
    },
    next() {
      const until = Date.now();
      const delta = series(until, seriesPoints);
      clock = until;
      return batchOf({ series: delta, bars: folds.flatMap((f, i) => f.delta(charted[i]!)) });
    },
  };
}
