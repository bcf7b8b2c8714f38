/// <reference lib="dom" />
/**
 * Browser side of bench/chart-tools.bench.ts: price charts streaming at the batch rate, drawn
 * by the renderer's PriceChart, with the chart tools off (the baseline), with a crosshair moved
 * at 60 Hz over one chart (the work InteractiveChart.svelte does per pointer move: plot-area
 * test, pixel to time, readout, two transforms and a text), with three price-line indicators
 * on every chart (charts/price-indicators.ts over 1-second bars), or both.
 */
import { PALETTES } from '../renderer/src/charts/palette';
import { ChartView } from '../renderer/src/charts/chart-view';
import { PriceChart } from '../renderer/src/charts/price-chart';
import { NO_ALERT_MARKERS } from '../renderer/src/charts/alert-markers';
import { PriceIndicators } from '../renderer/src/charts/price-indicators';
import { priceReadout } from '../renderer/src/charts/readout';
import { BAR } from '../renderer/src/state/series-store';
import type { IndicatorSpec } from '../protocol/chart-setup';
import { ColumnarRing } from '../shared/columnar-ring';
import { measureFrames, timed, walker, type FrameStats } from './dashboard-frames';

export type ToolsMode = 'off' | 'crosshair' | 'indicators' | 'both';

export interface ToolsOptions {
  readonly charts: number;
  readonly points: number;
  readonly batchHz: number;
  readonly pointsPerBatch: number;
  readonly durationMs: number;
  readonly warmupMs: number;
}

export type ToolsResult = FrameStats;

const POINT_SPACING_MS = 30;
const FRAME_MS = 1000 / 60;
const INDICATORS: IndicatorSpec[] = [
  { kind: 'sma', period: 20 },
  { kind: 'ema', period: 50 },
  { kind: 'bollinger', period: 20, stdDev: 2 },
];

/** Folds a price into 1-second OHLC bars, as the engine's bars arrive in the page. */
function addToBars(bars: ColumnarRing, t: number, p: number): void {
  const start = Math.floor(t / 1000) * 1000;
  if (bars.length > 0 && bars.last(BAR.t) === start) {
    bars.setLast(BAR.h, Math.max(bars.last(BAR.h), p));
    bars.setLast(BAR.l, Math.min(bars.last(BAR.l), p));
    bars.setLast(BAR.c, p);
  } else bars.push(start, p, p, p, p, 1);
}

async function run(mode: ToolsMode, o: ToolsOptions): Promise<ToolsResult> {
  document.body.innerHTML = '';
  const grid = document.createElement('div');
  grid.className = 'grid';
  document.body.append(grid);
  const withIndicators = mode === 'indicators' || mode === 'both';
  const now = Date.now();
  const walks = Array.from({ length: o.charts }, (_, i) => walker(i + 1));
  const rings: ColumnarRing[] = [];
  const bars: ColumnarRing[] = [];
  const charts: PriceChart[] = [];
  const cells: HTMLElement[] = [];
  for (let i = 0; i < o.charts; i++) {
    const ring = new ColumnarRing(20_000, 2);
    const bar = new ColumnarRing(600, 6);
    for (let k = 0; k < o.points; k++) {
      const t = now - (o.points - k) * POINT_SPACING_MS;
      const p = walks[i]!();
      ring.push(t, p);
      addToBars(bar, t, p);
    }
    const cell = document.createElement('div');
    cell.className = 'cell';
    const canvas = document.createElement('canvas');
    cell.append(canvas);
    grid.append(cell);
    const source = new PriceIndicators(bar);
    source.set(withIndicators ? INDICATORS : [], bar);
    const lines = {
      prices: [],
      decimals: 2,
      color: PALETTES.dark.text,
      background: PALETTES.dark.panel,
    };
    const chart = new PriceChart(
      canvas,
      ring,
      o.points * POINT_SPACING_MS,
      PALETTES.dark,
      new ChartView(),
      lines,
      NO_ALERT_MARKERS,
      withIndicators ? source : null,
    );
    rings.push(ring);
    bars.push(bar);
    charts.push(chart);
    cells.push(cell);
  }

  // The crosshair, as InteractiveChart.svelte draws it: DOM over the first chart's canvas.
  const vline = document.createElement('div');
  const hline = document.createElement('div');
  const readout = document.createElement('output');
  vline.className = 'vline';
  hline.className = 'hline';
  cells[0]!.append(vline, hline, readout);
  const canvas0 = charts[0]!.element;
  canvas0.addEventListener('pointermove', (e) => {
    const area = charts[0]!.chartJs.chartArea;
    const rect = canvas0.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    if (!area || x < area.left || x > area.right || y < area.top || y > area.bottom) return;
    const t = charts[0]!.chartJs.scales.x!.getValueForPixel(x);
    const r = t === undefined ? null : priceReadout(rings[0]!, t, 2);
    vline.style.transform = `translateX(${x}px)`;
    hline.style.transform = `translateY(${y}px)`;
    readout.textContent = r?.text ?? '';
  });

  let clock = now;
  const batch = setInterval(
    () =>
      timed(() => {
        for (let i = 0; i < o.charts; i++) {
          for (let k = 0; k < o.pointsPerBatch; k++) {
            const t = (clock += POINT_SPACING_MS / o.pointsPerBatch / o.charts);
            const p = walks[i]!();
            rings[i]!.push(t, p);
            addToBars(bars[i]!, t, p);
          }
        }
      }),
    1000 / o.batchHz,
  );
  // The pointer sweeps the first chart at 60 Hz.
  let step = 0;
  const pointer =
    mode === 'crosshair' || mode === 'both'
      ? setInterval(
          () =>
            timed(() => {
              const rect = canvas0.getBoundingClientRect();
              const x = rect.left + rect.width * (0.1 + 0.8 * (((step += 7) % 100) / 100));
              const y = rect.top + rect.height / 2;
              canvas0.dispatchEvent(
                new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true }),
              );
            }),
          FRAME_MS,
        )
      : undefined;

  const stats = await measureFrames(o, () => {
    for (const c of charts) c.draw();
  });
  clearInterval(batch);
  clearInterval(pointer);
  for (const c of charts) c.destroy();
  return stats;
}

declare global {
  interface Window {
    runChartToolsBench: typeof run;
  }
}
window.runChartToolsBench = run;
