/**
 * Skips a chart's redraw that would move nothing on it by a whole pixel. Chart.js lays the chart
 * out on every `update`; before it renders, this compares what the new frame would draw (the
 * plot area, each scale's tick labels and their pixels, each element's pixels, and what the
 * chart's own plugins add) with the frame on the canvas, and cancels the render when every
 * label and colour is the same and nothing moved a pixel: the canvas keeps its picture, and
 * Chromium has nothing to rasterise or composite for it.
 *
 * Why: a candle chart's data changes only at its last bar, and on a full window its time axis
 * slides a sixth of a pixel a batch; drawing such a frame costs as much as any other
 * (docs/PERFORMANCE.md, "Candle redraws that move nothing a pixel"). The comparison is with the
 * frame last drawn, not the last laid out, so a slow drift is drawn once it adds up to a pixel.
 */
import type { Chart, Plugin } from 'chart.js';

/** A frame is drawn once anything on it would be this many pixels from where it is drawn. */
export const REDRAW_PX = 1;

/** What a frame shows: the exact part (labels, counts, directions) and the pixels. */
export interface Frame {
  readonly key: string;
  readonly px: readonly number[];
}

/** Adds what a chart's own plugins draw to a frame: pixels to `px`, the rest as the result. */
export type FrameExtras = (chart: Chart, px: number[]) => string;

/** The element properties that are pixels (points: x, y; candles: x, width, open to close). */
const ELEMENT_PX = ['x', 'y', 'width', 'open', 'high', 'low', 'close'] as const;

/** Whether `next` would look the same as `drawn`: the same key, nothing a pixel away. */
export function sameFrame(drawn: Frame, next: Frame): boolean {
  if (drawn.key !== next.key || drawn.px.length !== next.px.length) return false;
  for (let i = 0; i < next.px.length; i++) {
    const a = drawn.px[i]!;
    const b = next.px[i]!;
    // A gap (NaN) stays a gap; a point appearing or leaving is a change.
    if (Math.abs(a - b) >= REDRAW_PX || Number.isNaN(a) !== Number.isNaN(b)) return false;
  }
  return true;
}

/** The frame a laid-out chart would draw. */
export function chartFrame(chart: Chart, extras: FrameExtras): Frame {
  const px: number[] = [];
  const area = chart.chartArea;
  px.push(area.left, area.top, area.right, area.bottom);
  // A new size or pixel ratio resizes the canvas, which clears it: that frame is always drawn.
  let key = `${chart.width}x${chart.height}@${chart.currentDevicePixelRatio}`;
  for (const scale of Object.values(chart.scales)) {
    key += `|${scale.id}:`;
    if (!scale.options.display) continue;
    scale.ticks.forEach((tick, i) => {
      key += `${String(tick.label)},`;
      px.push(scale.getPixelForTick(i));
    });
  }
  chart.data.datasets.forEach((_, i) => {
    const meta = chart.getDatasetMeta(i);
    key += `|${meta.type}:${meta.hidden ? 'hidden' : meta.data.length}`;
    if (meta.hidden) return;
    for (const element of meta.data) {
      const e = element as unknown as Record<string, unknown>;
      for (const p of ELEMENT_PX) if (typeof e[p] === 'number') px.push(e[p]);
      // A candle's colour follows its direction, which a sub-pixel move of its close can turn.
      if (typeof e.open === 'number' && typeof e.close === 'number') {
        key += Math.sign(e.open - e.close);
      }
    }
  });
  key += `|${extras(chart, px)}`;
  return { key, px };
}

/** Keeps a chart's frame still while nothing on it would move a pixel. */
export class StillFrames {
  private drawn: Frame | null = null;
  /** How many renders were cancelled, for benchmarks. */
  skipped = 0;
  readonly plugin: Plugin;

  constructor(extras: FrameExtras) {
    this.plugin = {
      id: 'tickdeckStillFrames',
      beforeRender: (chart) => {
        const next = chartFrame(chart, extras);
        if (this.drawn && sameFrame(this.drawn, next)) {
          this.skipped++;
          return false;
        }
        this.drawn = next;
        return true;
      },
    };
  }

  /** The next render draws, whatever it shows: what changed is not in the frame (a colour). */
  redraw(): void {
    this.drawn = null;
  }
}
