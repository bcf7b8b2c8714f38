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
import type { ChartSetup } from '../protocol/chart-setup';
import { PALETTES } from '../renderer/src/charts/palette';
import { FrameScheduler } from '../renderer/src/charts/scheduler';
import DepthChart from '../renderer/src/components/DepthChart.svelte';
import DepthLadder from '../renderer/src/components/DepthLadder.svelte';
import DepthPanel from '../renderer/src/components/DepthPanel.svelte';
import TradeTape from '../renderer/src/components/TradeTape.svelte';
import InstrumentCharts from '../renderer/src/components/InstrumentCharts.svelte';
import { DashboardState } from '../renderer/src/state/dashboard.svelte';
import { measureFrames, timed, type FrameStats, type RunTimes } from './dashboard-frames';
import { fullFeed, type FeedShape } from './full-page-feed';

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

export interface FullOptions extends RunTimes, FeedShape {}

const FULL_SETUP: ChartSetup = {
  indicators: [
    { kind: 'sma', period: 20 },
    { kind: 'bollinger', period: 20, stdDev: 2 },
    { kind: 'rsi', period: 14 },
  ],
  priceLines: [],
};
const BARE_SETUP: ChartSetup = { indicators: [], priceLines: [] };

async function run(mode: FullMode, o: FullOptions): Promise<FrameStats> {
  const parts = PARTS[mode];
  const withBook = parts.book !== null;
  const withIndicators = parts.indicators;
  document.body.innerHTML = '';
  const layout = document.createElement('main');
  layout.className = withBook ? 'with-book' : '';
  document.body.append(layout);
  const feed = fullFeed(o, withBook);
  const { charted } = feed;
  const dash = new DashboardState();
  const scheduler = new FrameScheduler();
  // History first, in one reset batch, as a page that opens on a running feed gets it.
  dash.apply(feed.first());

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
        const b = feed.next();
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
