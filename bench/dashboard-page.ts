/// <reference lib="dom" />
/**
 * Browser side of bench/dashboard.bench.ts: N price charts of P points each, streaming new
 * points at the batch rate, drawn either the dashboard's way (the renderer's PriceChart over a
 * ring buffer, one `update('none')` per animation frame) or the untuned Chart.js way
 * (animation, parsing and point markers on, `update()` on every batch).
 */
import { Chart, registerables } from 'chart.js';
import 'chartjs-adapter-date-fns';
import { PALETTES } from '../renderer/src/charts/palette';
import { ChartView } from '../renderer/src/charts/chart-view';
import { PriceChart } from '../renderer/src/charts/price-chart';
import { ColumnarRing } from '../shared/columnar-ring';
import { measureFrames, timed, walker, type FrameStats } from './dashboard-frames';
import { canvasGrid } from './canvas-grid';

export interface PageOptions {
  readonly charts: number;
  readonly points: number;
  readonly batchHz: number;
  readonly pointsPerBatch: number;
  readonly durationMs: number;
  readonly warmupMs: number;
}

export type PageResult = FrameStats;

const POINT_SPACING_MS = 30;

interface Mode {
  /** Adds one batch of points to chart i (and, untuned, redraws it). */
  onBatch(i: number, t: number[], y: number[]): void;
  /** Animation-frame work (tuned: draw changed charts). */
  onFrame(): void;
  destroy(): void;
}

function tunedMode(canvases: HTMLCanvasElement[], history: [number[], number[]][]): Mode {
  const rings = history.map(([t, y]) => {
    const ring = new ColumnarRing(Math.max(20_000, t.length * 2), 2);
    for (let k = 0; k < t.length; k++) ring.push(t[k]!, y[k]!);
    return ring;
  });
  const windowMs = history[0]![0].length * POINT_SPACING_MS;
  const lines = {
    prices: [],
    decimals: 2,
    color: PALETTES.dark.text,
    background: PALETTES.dark.panel,
  };
  const charts = canvases.map(
    (c, i) => new PriceChart(c, rings[i]!, windowMs, PALETTES.dark, new ChartView(), lines),
  );
  return {
    onBatch(i, t, y) {
      for (let k = 0; k < t.length; k++) rings[i]!.push(t[k]!, y[k]!);
    },
    onFrame() {
      for (const c of charts) c.draw();
    },
    destroy() {
      for (const c of charts) c.destroy();
    },
  };
}

function untunedMode(canvases: HTMLCanvasElement[], history: [number[], number[]][]): Mode {
  Chart.register(...registerables);
  const charts = canvases.map(
    (c, i) =>
      new Chart(c, {
        type: 'line',
        data: {
          datasets: [
            { data: history[i]![0].map((x, k) => ({ x, y: history[i]![1][k]! })), label: 'p' },
          ],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          scales: { x: { type: 'time' } },
        },
      }),
  );
  return {
    onBatch(i, t, y) {
      const data = charts[i]!.data.datasets[0]!.data as { x: number; y: number }[];
      for (let k = 0; k < t.length; k++) {
        data.push({ x: t[k]!, y: y[k]! });
        data.shift();
      }
      charts[i]!.update();
    },
    onFrame() {},
    destroy() {
      for (const c of charts) c.destroy();
    },
  };
}

/** Runs one configuration and measures frames and main-thread work per frame. */
async function run(mode: 'tuned' | 'untuned', o: PageOptions): Promise<PageResult> {
  document.body.innerHTML = '';
  const canvases = canvasGrid(o.charts);
  const now = Date.now();
  const walks = canvases.map((_, i) => walker(i + 1));
  const history = canvases.map((_, i): [number[], number[]] => {
    const t: number[] = [];
    const y: number[] = [];
    for (let k = 0; k < o.points; k++) {
      t.push(now - (o.points - k) * POINT_SPACING_MS);
      y.push(walks[i]!());
    }
    return [t, y];
  });
  const m = mode === 'tuned' ? tunedMode(canvases, history) : untunedMode(canvases, history);

  let clock = now;
  const batch = setInterval(
    () =>
      timed(() => {
        for (let i = 0; i < o.charts; i++) {
          const t: number[] = [];
          const y: number[] = [];
          for (let k = 0; k < o.pointsPerBatch; k++) {
            clock += POINT_SPACING_MS / o.pointsPerBatch;
            t.push(clock);
            y.push(walks[i]!());
          }
          m.onBatch(i, t, y);
        }
      }),
    1000 / o.batchHz,
  );
  // Work per frame: main-thread time spent since the previous frame (batches, Chart.js
  // animation frames, our draws), each millisecond counted once.
  const stats = await measureFrames(o, () => m.onFrame());
  clearInterval(batch);
  m.destroy();
  return stats;
}

declare global {
  interface Window {
    runDashboardBench: typeof run;
  }
}
window.runDashboardBench = run;
