/**
 * An opaque chart canvas: the panel's colour painted under the chart, and the stale look
 * painted over it by the chart itself.
 *
 * Why opaque: the display compositor copies an opaque canvas instead of blending it over the
 * page's tiles, about 1 ms of the GPU process a price and candle redraw pair on a machine that
 * composites in software (docs/PERFORMANCE.md, "Opaque chart canvases"). An opaque canvas
 * cannot be greyed by a CSS `filter` as the transparent ones are (the panel colour under the
 * chart would be greyed too and show as a box), so the chart draws the same look itself: every
 * pixel's hue and saturation made the panel's, its luminosity kept (the `color` blend mode:
 * greys, tinted by the panel as little as the panel is tinted), then 40 % of the panel over
 * it, as the filter's `opacity: 0.6` let the panel through. The panel's own pixels stay exactly
 * the panel's.
 */
import type { Chart, Plugin } from 'chart.js';

/** How much of the panel shows through a stale chart (the filter's `opacity: 0.6`). */
export const STALE_PANEL_SHARE = 0.4;

/** Read at every draw: the colour under the chart, and whether its data is old. */
export interface Backdrop {
  colour: string;
  stale: boolean;
}

/**
 * Makes the canvas's 2D context opaque; call before Chart.js gets the context, which then
 * reuses it. The class tells the page's stylesheets not to grey it with a filter.
 */
export function makeOpaque(canvas: HTMLCanvasElement): void {
  canvas.getContext('2d', { alpha: false });
  canvas.classList.add('opaque');
}

function fillCanvas(chart: Chart, colour: string, mode: GlobalCompositeOperation, alpha = 1) {
  const ctx = chart.ctx;
  ctx.save();
  ctx.globalCompositeOperation = mode;
  ctx.globalAlpha = alpha;
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, chart.width, chart.height);
  ctx.restore();
}

/** Paints the backdrop under everything the chart draws, and the stale look over it; last. */
export function backdropPlugin(backdrop: Readonly<Backdrop>): Plugin {
  return {
    id: 'tickdeckBackdrop',
    // Chart.js clears the canvas before this hook, which leaves an opaque canvas black.
    beforeDraw(chart) {
      fillCanvas(chart, backdrop.colour, 'source-over');
    },
    afterDraw(chart) {
      if (!backdrop.stale) return;
      fillCanvas(chart, backdrop.colour, 'color');
      fillCanvas(chart, backdrop.colour, 'source-over', STALE_PANEL_SHARE);
    },
  };
}
