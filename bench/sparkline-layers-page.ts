/**
 * bench/sparkline-layers.ts's page: a large chart canvas, a watchlist of ROWS rows with their
 * sparklines as one canvas per row or one over the column, and a frame loop that does what the
 * main page does every frame.
 */
import type { Page } from 'playwright-core';
import {
  SPARKLINE_HEIGHT_PX,
  SPARKLINE_MAX_POINTS,
  SPARKLINE_REDRAW_INTERVAL_MS,
  SPARKLINE_WIDTH_PX,
} from '../renderer/src/charts/sparkline';

export type Variant = 'per-row' | 'one';
export const VIEWPORT = { width: 1600, height: 900 };
export const WARMUP_MS = 1_500;
/** The app's watchlist: rows 26 px (WatchlistTable.svelte), 16 in view and 4 beyond. */
const ROWS = 20;
const ROW_PX = 26;
/** Sparkline redraws a second in all (each row in view once an interval). */
const SPARK_REDRAWS_PER_S = (16 * 1_000) / SPARKLINE_REDRAW_INTERVAL_MS;

const PAGE = `<!doctype html><html><body style="margin:0;font:12px sans-serif">
<canvas id="chart" style="position:absolute;left:700px;top:0;width:880px;height:400px"></canvas>
<div id="scroller" style="position:absolute;left:0;top:0;width:680px;height:436px;overflow:auto">
<table id="list" style="border-collapse:collapse;position:relative"></table></div></body></html>`;

/** Runs in the page: builds the list in `variant`'s way and starts the frame loop. */
function start(args: {
  variant: Variant;
  rows: number;
  rowPx: number;
  w: number;
  h: number;
  points: number;
  perS: number;
}) {
  const { variant, rows, rowPx, w, h, points, perS } = args;
  const dpr = window.devicePixelRatio || 1;
  const table = document.getElementById('list')!;
  const cells: HTMLElement[] = [];
  const sparks: { ctx: CanvasRenderingContext2D; y: number }[] = [];
  let shared: HTMLCanvasElement | null = null;
  if (variant === 'one') {
    shared = document.createElement('canvas');
    shared.width = w * dpr;
    shared.height = rows * rowPx * dpr;
    Object.assign(shared.style, {
      position: 'absolute',
      left: '400px',
      top: '0',
      width: `${w}px`,
      height: `${rows * rowPx}px`,
      pointerEvents: 'none',
    });
    shared.setAttribute('aria-hidden', 'true');
  }
  for (let r = 0; r < rows; r++) {
    const tr = document.createElement('tr');
    tr.style.height = `${rowPx}px`;
    tr.innerHTML = `<td style="width:200px">sim:I${r}</td><td style="width:100px">0</td><td style="width:100px">0</td><td style="width:${w}px;padding:0"></td>`;
    table.append(tr);
    cells.push(tr.children[1] as HTMLElement, tr.children[2] as HTMLElement);
    if (variant === 'per-row') {
      const c = document.createElement('canvas');
      c.width = w * dpr;
      c.height = h * dpr;
      Object.assign(c.style, { display: 'block', width: `${w}px`, height: `${h}px` });
      tr.children[3]!.append(c);
      sparks.push({ ctx: c.getContext('2d')!, y: 0 });
    } else {
      sparks.push({ ctx: shared!.getContext('2d')!, y: r * rowPx + (rowPx - h) / 2 });
    }
  }
  if (shared) document.getElementById('scroller')!.append(shared);
  const chart = document.getElementById('chart') as HTMLCanvasElement;
  chart.width = 880 * dpr;
  chart.height = 400 * dpr;
  const cctx = chart.getContext('2d')!;
  const walk = (seed: number, n: number) => {
    const out: number[] = [];
    let v = 0;
    for (let i = 0; i < n; i++)
      out.push((v += Math.sin(seed * 7.1 + i * 0.37) + Math.cos(i * seed * 0.013)));
    return out;
  };
  const drawSpark = (r: number, t: number) => {
    const { ctx, y: top } = sparks[r]!;
    const values = walk(r + t, points);
    const lo = Math.min(...values);
    const span = Math.max(...values) - lo || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, top * dpr);
    ctx.clearRect(0, 0, w, h);
    ctx.strokeStyle = values.at(-1)! >= values[0]! ? '#2a2' : '#c22';
    ctx.lineWidth = 1;
    ctx.beginPath();
    values.forEach((v, i) => {
      const x = (i / (points - 1)) * (w - 2) + 1;
      const yy = h - 1 - ((v - lo) / span) * (h - 2);
      if (i === 0) ctx.moveTo(x, yy);
      else ctx.lineTo(x, yy);
    });
    ctx.stroke();
  };
  for (let r = 0; r < rows; r++) drawSpark(r, 0);
  const state = { frames: 0, sparkDraws: 0 };
  (window as unknown as { __layers: typeof state }).__layers = state;
  const t0 = performance.now();
  let drawn = 0;
  const frame = (now: number) => {
    state.frames++;
    // The price chart: redrawn every frame, as a batch a frame redraws the app's.
    cctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    cctx.clearRect(0, 0, 880, 400);
    cctx.beginPath();
    walk(now / 1000, 400).forEach((v, i) =>
      i ? cctx.lineTo(i * 2.2, 200 + v * 3) : cctx.moveTo(0, 200 + v * 3),
    );
    cctx.stroke();
    // A few rows' figures, as the watchlist writes them.
    for (let k = 0; k < 6; k++)
      cells[(state.frames * 7 + k) % cells.length]!.textContent = (now % 1000).toFixed(2);
    // The sparklines at their pace: the ones due since the last frame, round the rows in view.
    const due = Math.floor(((now - t0) / 1000) * perS);
    for (; drawn < due; drawn++) {
      drawSpark(drawn % 16, drawn);
      state.sparkDraws++;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** A fresh page's content, built in `variant`'s way with its frame loop running. */
export async function openVariant(page: Page, variant: Variant) {
  await page.setContent(PAGE);
  // tsx keeps functions' names with a helper the page lacks: give it one that does nothing.
  await page.evaluate('globalThis.__name = (f) => f');
  await page.evaluate(start, {
    variant,
    rows: ROWS,
    rowPx: ROW_PX,
    w: SPARKLINE_WIDTH_PX,
    h: SPARKLINE_HEIGHT_PX,
    points: SPARKLINE_MAX_POINTS,
    perS: SPARK_REDRAWS_PER_S,
  });
}

/** Frames drawn and sparklines redrawn since the page opened. */
export const counts = (page: Page) =>
  page.evaluate(() => ({
    ...(window as unknown as { __layers: { frames: number; sparkDraws: number } }).__layers,
  }));
