/**
 * The names of a chart's indicators, top left of its plot, one a row, each in its lines' colour
 * (`INDICATOR_COLOURS`, by place): the key that tells an SMA 20 from an EMA 2 on the same
 * candles. The price line's plugin and the candles' draw them alike. While fewer bars are held
 * than an indicator needs, its name says how many: an SMA 500 on five minutes of 5-second
 * candles drew no line and said nothing of why.
 */
import type { Chart, ChartArea, Plugin } from 'chart.js';
import type { IndicatorSpec } from '../../../protocol/chart-setup';
import { barsNeeded, indicatorLabel } from './indicators';
import { INDICATOR_COLOURS } from './palette';

/** A name's row height, and its inset from the plot's corner, px. */
const ROW_PX = 12;
const INSET_PX = 4;

/** The colour of the indicator at place `k`: its lines' and its name's. */
export function indicatorColour(k: number): string {
  return INDICATOR_COLOURS[k % INDICATOR_COLOURS.length]!;
}

/** `spec`'s name as drawn beside a chart holding `held` bars: "SMA 500 · 60 of 500 bars". */
export function indicatorNameText(spec: IndicatorSpec, held: number): string {
  const needed = barsNeeded(spec);
  const label = indicatorLabel(spec);
  return held >= needed ? label : `${label} · ${held} of ${needed} bar${needed === 1 ? '' : 's'}`;
}

/**
 * Writes `specs`' names down the plot's top left corner, for a chart holding `held` bars; the
 * caller saves and clips.
 */
export function drawIndicatorNames(
  ctx: CanvasRenderingContext2D,
  area: ChartArea,
  specs: readonly IndicatorSpec[],
  held: number,
): void {
  ctx.font = '10px sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  specs.forEach((spec, k) => {
    ctx.fillStyle = indicatorColour(k);
    ctx.fillText(indicatorNameText(spec, held), area.left + INSET_PX, area.top + 2 + k * ROW_PX);
  });
}

/**
 * A plugin naming the indicators `specs()` lists, over the datasets (the candles' lines), for a
 * chart holding `held()` bars.
 */
export function indicatorNamesPlugin(
  specs: () => readonly IndicatorSpec[],
  held: () => number,
): Plugin {
  return {
    id: 'tickdeckIndicatorNames',
    afterDatasetsDraw(chart: Chart) {
      const shown = specs();
      if (shown.length === 0) return;
      const { ctx, chartArea: area } = chart;
      ctx.save();
      drawIndicatorNames(ctx, area, shown, held());
      ctx.restore();
    },
  };
}
