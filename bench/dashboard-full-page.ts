/// <reference lib="dom" />
/**
 * Browser side of bench/dashboard-full.bench.ts: the renderer's own components and state
 * (DashboardState, FrameScheduler, InstrumentCharts, DepthPanel) fed batches shaped like the
 * engine's at 100k ticks/s with books on: two charted instruments of 20, each with its price
 * line and candles, and the first one's book (20 levels a side) and trades. `full` adds the
 * depth ladder, depth chart and tape and three indicators on each instrument's candles;
 * `bare` is the same dashboard without them (the baseline); the others add one part each,
 * to tell their costs apart: the whole book column, the indicators, or the ladder, the tape or
 * the depth chart alone.
 */
import { flushSync, mount, unmount } from 'svelte';
import type { BarDelta, Batch, DepthDelta, SeriesDelta } from '../protocol/batch';
import type { MarketRow } from '../protocol/market-rows';
import { BAR_INTERVALS_MS, type BarIntervalMs } from '../protocol/batch';
import type { MarketInstrument } from '../protocol/feed';
import type { ChartSetup } from '../protocol/chart-setup';
import { PALETTES } from '../renderer/src/charts/palette';
import { FrameScheduler } from '../renderer/src/charts/scheduler';
import DepthChart from '../renderer/src/components/DepthChart.svelte';
import DepthLadder from '../renderer/src/components/DepthLadder.svelte';
import DepthPanel from '../renderer/src/components/DepthPanel.svelte';
import TradeTape from '../renderer/src/components/TradeTape.svelte';
import InstrumentCharts from '../renderer/src/components/InstrumentCharts.svelte';
import { DashboardState } from '../renderer/src/state/dashboard.svelte';
import { TAPE_TRADES } from '../main/feed/depth-state';
import { SERIES_BUCKET_MS } from '../main/feed/series-bucket';
import { health } from '../test-support/batches';
import { measureFrames, timed, walker, type FrameStats, type RunTimes } from './dashboard-frames';

/** What each configuration adds to the bare dashboard: indicators, and which of the book column. */
const PARTS = {
  bare: { indicators: false, book: null },
  full: { indicators: true, book: 'column' },
  book: { indicators: false, book: 'column' },
  indicators: { indicators: true, book: null },
  ladder: { indicators: false, book: 'ladder' },
  tape: { indicators: false, book: 'tape' },
  'depth-chart': { indicators: false, book: 'depth-chart' },
} as const;
export type FullMode = keyof typeof PARTS;

export interface FullOptions extends RunTimes {
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
const FULL_SETUP: ChartSetup = {
  indicators: [
    { kind: 'sma', period: 20 },
    { kind: 'bollinger', period: 20, stdDev: 2 },
    { kind: 'rsi', period: 14 },
  ],
  priceLines: [],
};
const BARE_SETUP: ChartSetup = { indicators: [], priceLines: [] };

/** Folds prices into bars of every interval and says which changed since the last delta. */
class BarFold {
  private readonly bars = BAR_INTERVALS_MS.map(() => [] as number[][]);
  private readonly sent = BAR_INTERVALS_MS.map(() => 0);

  add(t: number, p: number, size: number): void {
    BAR_INTERVALS_MS.forEach((ms, k) => {
      const list = this.bars[k]!;
      const open = t - (t % ms);
      const bar = list.at(-1);
      if (bar && bar[0] === open) {
        bar[2] = Math.max(bar[2]!, p);
        bar[3] = Math.min(bar[3]!, p);
        bar[4] = p;
        bar[5]! += size;
      } else list.push([open, p, p, p, p, size]);
    });
  }

  /** Each interval's bars from the last one sent (it may have changed) on. */
  delta(id: string): BarDelta[] {
    return BAR_INTERVALS_MS.map((ms, k) => {
      const list = this.bars[k]!;
      const from = Math.max(0, this.sent[k]! - 1);
      this.sent[k] = list.length;
      const rows = list.slice(from);
      // Only the newest bars matter once sent: keep the list short.
      if (list.length > 1_000) {
        list.splice(0, list.length - 2);
        this.sent[k] = list.length;
      }
      const col = (c: number) => rows.map((r) => r[c]!);
      return {
        id,
        intervalMs: ms as BarIntervalMs,
        t: col(0),
        o: col(1),
        h: col(2),
        l: col(3),
        c: col(4),
        v: col(5),
      };
    });
  }
}

async function run(mode: FullMode, o: FullOptions): Promise<FrameStats> {
  const parts = PARTS[mode];
  const withBook = parts.book !== null;
  const withIndicators = parts.indicators;
  document.body.innerHTML = '';
  const layout = document.createElement('main');
  layout.className = withBook ? 'with-book' : '';
  document.body.append(layout);
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
  const dash = new DashboardState();
  const scheduler = new FrameScheduler();
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

  // History first, in one reset batch, as a page that opens on a running feed gets it.
  const now = Date.now();
  const history = series(now, o.historyPoints);
  clock = now;
  dash.apply(
    batchOf({
      reset: true,
      instruments,
      series: history,
      bars: folds.flatMap((f, i) => f.delta(charted[i]!)),
    }),
  );

  const setup = withIndicators ? FULL_SETUP : BARE_SETUP;
  const charts = charted.map((id) => {
    const cell = document.createElement('div');
    cell.className = 'cell';
    layout.append(cell);
    return mount(InstrumentCharts, {
      target: cell,
      props: {
        id,
        row: undefined,
        windowMin: 5,
        barIntervalMs: 5_000,
        intervalLabel: '5-second',
        series: dash.series,
        scheduler,
        palette: PALETTES.dark,
        setup,
        onsetup: () => {},
      },
    });
  });
  const column = document.createElement('aside');
  column.className = 'column';
  if (withBook) layout.append(column);
  const common = { decimals: 2, palette: PALETTES.dark, scheduler };
  const target = column;
  /** A box of the depth panel's chart height (90 px), as DepthPanel gives it. */
  const sized = (parent: HTMLElement, heightPx: number) => {
    const box = document.createElement('div');
    box.style.height = `${heightPx}px`;
    box.style.position = 'relative';
    parent.append(box);
    return box;
  };
  const panel =
    parts.book === 'column'
      ? mount(DepthPanel, {
          target,
          props: {
            ...common,
            get book() {
              return dash.book;
            },
            get tape() {
              return dash.tape;
            },
            tapePaused: false,
            onpause: () => {},
          },
        })
      : parts.book === 'ladder'
        ? mount(DepthLadder, {
            target,
            props: {
              // Getters, read at each batch (an object spread would copy the first book).
              get book() {
                return dash.book;
              },
              decimals: 2,
            },
          })
        : parts.book === 'tape'
          ? mount(TradeTape, {
              target,
              props: {
                get rows() {
                  return dash.tape;
                },
                decimals: 2,
                paused: false,
                onpause: () => {},
              },
            })
          : parts.book === 'depth-chart'
            ? mount(DepthChart, {
                target: sized(column, 90),
                props: {
                  get book() {
                    return dash.book;
                  },
                  palette: PALETTES.dark,
                  scheduler,
                },
              })
            : undefined;
  flushSync();

  const batches = setInterval(
    () =>
      timed(() => {
        const until = Date.now();
        const delta = series(until, seriesPoints);
        clock = until;
        const b = batchOf({ series: delta, bars: folds.flatMap((f, i) => f.delta(charted[i]!)) });
        dash.apply(b);
        scheduler.batchArrived(b.newestTickTs);
        // The DOM updates Svelte would make in a microtask, counted as this batch's work.
        flushSync();
      }),
    1000 / o.batchHz,
  );
  const stats = await measureFrames(o, () => {});
  clearInterval(batches);
  // What was measured must be the dashboard described: say so if a part did not render.
  const count = (selector: string) => document.querySelectorAll(selector).length;
  const drawn = {
    canvases: count('canvas'),
    bids: count('[data-testid^="depth-bid-"]'),
    tape: count('[data-testid="tape-row"]'),
    indicators: count('[data-testid="indicator-menu"] li:not(.muted)'),
  };
  const has = (part: 'ladder' | 'tape' | 'depth-chart') =>
    parts.book === 'column' || parts.book === part;
  if (
    drawn.canvases !== (has('depth-chart') ? 5 : 4) ||
    drawn.bids !== (has('ladder') ? o.bookLevels : 0) ||
    has('tape') !== drawn.tape > 0 ||
    drawn.indicators !== (withIndicators ? charted.length * FULL_SETUP.indicators.length : 0)
  )
    throw new Error(`the ${mode} dashboard did not render as described: ${JSON.stringify(drawn)}`);
  scheduler.stop();
  for (const c of charts) void unmount(c);
  if (panel) void unmount(panel);
  return stats;
}

declare global {
  interface Window {
    runDashboardFullBench: typeof run;
  }
}
window.runDashboardFullBench = run;
