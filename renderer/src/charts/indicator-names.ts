/**
 * The names of a chart's indicators, top left of its plot, one a row, each in its lines' colour
 * (`INDICATOR_COLOURS`, by place): the key that tells an SMA 20 from an EMA 2 on the same
 * candles. The price line's plugin and the candles' draw them alike.
 */
import type { Chart, ChartArea, Plugin } from 'chart.js';
import type { IndicatorSpec } from '../../../protocol/chart-setup';
import { indicatorLabel } from './indicators';
import { INDICATOR_COLOURS } from './palette';

/** A name's row height, and its inset from the plot's corner, px. */
const ROW_PX = 12;
const INSET_PX = 4;

/** The colour of the indicator at place `k`: its lines' and its name's. */
export function indicatorColour(k: number): string {
  return INDICATOR_COLOURS[k % INDICATOR_COLOURS.length]!;
}

/** Writes `specs`' names down the plot's top left corner; the caller saves and clips. */
export function drawIndicatorNames(
  ctx: CanvasRenderingContext2D,
  area: ChartArea,
  specs: readonly IndicatorSpec[],
): void {
  ctx.font = '10px sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  specs.forEach((spec, k) => {
    ctx.fillStyle = indicatorColour(k);
    ctx.fillText(indicatorLabel(spec), area.left + INSET_PX, area.top + 2 + k * ROW_PX);
  });
}

/** A plugin naming the indicators `specs()` lists, over the datasets (the candles' lines). */
export function indicatorNamesPlugin(specs: () => readonly IndicatorSpec[]): Plugin {
  return {
    id: 'tickdeckIndicatorNames',
    afterDatasetsDraw(chart: Chart) {
      const shown = specs();
      if (shown.length === 0) return;
      const { ctx, chartArea: area } = chart;
      ctx.save();
      drawIndicatorNames(ctx, area, shown);
      ctx.restore();
    },
  };
}
