/**
 * The time axis's ticks, placed by us: a few ticks at a round step (every 15 s, every 5 min...),
 * as many as the axis has room for. Left to itself, Chart.js's time scale generates a tick at
 * every unit of the span (300 for a 5-minute window, one a second), formats and measures them
 * all, then auto-skips down to ~15, on every update: in the price and candle charts' redraw
 * profile (bench/chart-redraw.ts) that was the largest part of an update. Here the scale is
 * given no ticks to generate (`source: 'labels'` over no labels) and `afterBuildTicks` sets the
 * few it shows.
 */
import type { Scale } from 'chart.js';
import { CHART_FONT } from './chart-font';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The round steps a time axis ticks at, smallest first. */
export const TIME_STEPS_MS = [
  ...[1, 2, 5, 10, 15, 20, 30].map((n) => n * SECOND_MS),
  ...[1, 2, 5, 10, 15, 20, 30].map((n) => n * MINUTE_MS),
  ...[1, 2, 3, 6, 12].map((n) => n * HOUR_MS),
  ...[1, 2, 7, 14, 30].map((n) => n * DAY_MS),
] as const;

/** Space kept between two labels, px: Chart.js's `autoSkipPadding` on the time axes. */
export const LABEL_GAP_PX = 24;

/** The smallest round step whose ticks are at least `minSpacingPx` apart on `widthPx`. */
export function timeStep(spanMs: number, widthPx: number, minSpacingPx: number): number {
  const most = Math.max(1, Math.floor(widthPx / minSpacingPx));
  return TIME_STEPS_MS.find((s) => spanMs / s <= most) ?? TIME_STEPS_MS.at(-1)!;
}

/**
 * The times from `min` to `max` at multiples of `stepMs` in local time (`offsetMs`: the
 * local zone's offset from UTC), so a 1-hour step ticks on the local hour.
 */
export function timeTicks(min: number, max: number, stepMs: number, offsetMs: number): number[] {
  const ticks: number[] = [];
  for (let t = Math.ceil((min + offsetMs) / stepMs) * stepMs - offsetMs; t <= max; t += stepMs)
    ticks.push(t);
  return ticks;
}

/**
 * The ticks of an axis `widthPx` wide from `min` to `max`, its labels `labelPx` wide: at a
 * round step that leaves each label its room, none within half a label of an end (Chart.js
 * would pad the plot for that label, and the plot would shift sideways each time a tick slid
 * in or out at the edge).
 */
export function axisTicks(
  min: number,
  max: number,
  widthPx: number,
  labelPx: number,
  offsetMs: number,
): number[] {
  const step = timeStep(max - min, widthPx, labelPx + LABEL_GAP_PX);
  const margin = ((labelPx / 2) * (max - min)) / Math.max(1, widthPx);
  return timeTicks(min + margin, max - margin, step, offsetMs);
}

/** The label format of ticks `stepMs` apart: seconds only when the step has them. */
export function timeFormat(stepMs: number): string {
  if (stepMs < MINUTE_MS) return 'HH:mm:ss';
  return stepMs < DAY_MS ? 'HH:mm' : 'MMM d';
}

/** Width of the widest label, px, measured once: the font is the same on every chart. */
let labelWidthPx: number | null = null;

function widestLabel(ctx: CanvasRenderingContext2D): number {
  if (labelWidthPx === null) {
    ctx.save();
    ctx.font = `${CHART_FONT.sizePx}px ${CHART_FONT.family}`;
    labelWidthPx = ctx.measureText('00:00:00').width;
    ctx.restore();
  }
  return labelWidthPx;
}

/** Tick objects as Chart.js keeps them. */
type Ticks = Scale['ticks'];

/**
 * A time scale's options `x` with its ticks handed to {@link timeTicks}, which leaves each
 * label its width and {@link LABEL_GAP_PX}: Chart.js's auto-skip, measuring them all again on
 * every update to find collisions, would never find one.
 */
export function withOwnTimeTicks<X extends { ticks?: object; time?: object }>(x: X) {
  return {
    ...x,
    // No labels: nothing generated. `unit` fixed so Chart.js does not measure a label to choose.
    ticks: { ...x.ticks, source: 'labels' as const, callback: formatTick, autoSkip: false },
    time: { ...x.time, unit: 'second' as const },
    afterBuildTicks(axis: Scale): void {
      const offset = -new Date(axis.min).getTimezoneOffset() * MINUTE_MS;
      const ticks = axisTicks(axis.min, axis.max, axis.width, widestLabel(axis.ctx), offset);
      axis.ticks = ticks.map((value) => ({ value }));
    },
  };
}

/** The tick callback: a label in the format of the ticks' step, by the scale's date adapter. */
function formatTick(this: Scale, value: number | string, _index: number, ticks: Ticks): string {
  const step = ticks.length > 1 ? ticks[1]!.value - ticks[0]!.value : 0;
  return (this as Scale & { format(v: number, f: string): string }).format(
    Number(value),
    timeFormat(step),
  );
}
