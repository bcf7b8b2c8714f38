/// <reference lib="dom" />
/**
 * Browser side of bench/chart-ab.ts: two builds' price and candle charts (PriceChart,
 * CandleChart, "A" from another tree, "B" from this one) on one page's data, so one process
 * compares them. `script`: each build's pair redrawn in turn, alternating, timed (with
 * `flush`, each canvas's drawing rasterised before the clock stops). `live`: one build's pair
 * redrawn every second frame, as a popped-out chart page draws 30 batches a second at 60 fps.
 */
import { PALETTES } from '../renderer/src/charts/palette';
import { ChartView } from '../renderer/src/charts/chart-view';
import type { PriceChart } from '../renderer/src/charts/price-chart';
import type { CandleChart } from '../renderer/src/charts/candle-chart';
import type { ColumnarRing } from '../shared/columnar-ring';
import { BAR_MS, chartFeed } from './chart-feed';
import { canvasGrid } from './canvas-grid';
import { median } from './numbers';

/** One build's chart classes (both builds must share their constructors' signatures). */
export interface ChartBuild {
  readonly PriceChart: typeof PriceChart;
  readonly CandleChart: typeof CandleChart;
}

export interface ScriptOptions {
  readonly points: number;
  readonly pairs: number;
  /** Redraws of one build's pair in a row, before the other's. */
  readonly per: number;
  readonly flush: boolean;
  /** Points a batch, 30 ms apart: 1 is a pop-out's pace (30 batches a second, live). */
  readonly perBatch: number;
}
const WINDOW_MS = 5 * 60_000;

/** A build's price chart over its candles, as a chart page stacks them. */
function pair(build: ChartBuild, prices: ColumnarRing, bars: ColumnarRing) {
  const [priceCanvas, candleCanvas] = canvasGrid(2) as [HTMLCanvasElement, HTMLCanvasElement];
  const view = new ChartView();
  const lines = {
    prices: [],
    decimals: 2,
    color: PALETTES.dark.text,
    background: PALETTES.dark.panel,
  };
  const price = new build.PriceChart(priceCanvas, prices, WINDOW_MS, PALETTES.dark, view, lines);
  const axis = { ring: prices, windowMs: WINDOW_MS, view };
  const candle = new build.CandleChart(candleCanvas, bars, BAR_MS, axis, PALETTES.dark, lines);
  candle.setIndicators([{ kind: 'volume' }]);
  return [price, candle] as const;
}

const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

async function runScript(builds: readonly [ChartBuild, ChartBuild], o: ScriptOptions) {
  const { prices, bars, add } = chartFeed(o.points);
  const [a, b] = builds.map((build) => pair(build, prices, bars));
  await frame();
  // Reading one pixel makes Chromium rasterise what the canvas recorded, inside the timing.
  const flush = (c: { element: HTMLCanvasElement }) =>
    o.flush && c.element.getContext('2d')!.getImageData(0, 0, 1, 1);
  const time = (charts: readonly (PriceChart | CandleChart)[]) => {
    const start = performance.now();
    for (let i = 0; i < o.per; i++) {
      add(o.perBatch);
      for (const c of charts) {
        c.draw();
        flush(c);
      }
    }
    return (performance.now() - start) / o.per;
  };
  const msA: number[] = [];
  const msB: number[] = [];
  for (let p = 0; p < o.pairs; p++) {
    // Alternate which build goes first, so neither always follows the other's garbage.
    const bFirst = p % 2 === 1;
    const msOfB = bFirst ? time(b!) : 0;
    msA.push(time(a!));
    msB.push(bFirst ? msOfB : time(b!));
  }
  const ratios = msB.map((ms, i) => ms / msA[i]!);
  return { a: median(msA), b: median(msB), ratios: ratios.sort((x, y) => x - y) };
}

function startLive(build: ChartBuild, points: number, perBatch: number, candleEvery: number): void {
  const { prices, bars, add } = chartFeed(points);
  const [price, candle] = pair(build, prices, bars);
  let frames = 0;
  let draws = 0;
  let candleDraws = 0;
  const loop = () => {
    if (++frames % 2 === 0) {
      add(perBatch);
      price.draw();
      // False when the candles kept their picture (a build that skips still frames).
      if (draws % candleEvery === 0 && candle.draw()) candleDraws++;
      draws++;
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  window.chartAbCounts = () => {
    const counts = { frames, draws, candleDraws };
    frames = draws = candleDraws = 0;
    return counts;
  };
}

declare global {
  interface Window {
    chartAbScript(o: ScriptOptions): ReturnType<typeof runScript>;
    chartAbLive(which: 'A' | 'B', points: number, perBatch: number, candleEvery: number): void;
    chartAbCounts(): { frames: number; draws: number; candleDraws: number };
  }
}

/** Installs the page's entry points for two builds, A then B. */
export function install(builds: readonly [ChartBuild, ChartBuild]): void {
  window.chartAbScript = (o) => runScript(builds, o);
  window.chartAbLive = (which, points, perBatch, candleEvery) =>
    startLive(builds[which === 'A' ? 0 : 1], points, perBatch, candleEvery);
}
