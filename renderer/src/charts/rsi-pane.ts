/**
 * RSI's sub-pane: a 0–100 scale stacked under a chart's price pane (`y`), shown only while an
 * RSI is on the chart. Shared by the candles and the price line, so both panes look alike.
 */
import type { Palette } from './palette';

/** Share of the plot height the RSI sub-pane takes, when shown, against the price pane's. */
export const RSI_PANE_WEIGHT = 1;
export const PRICE_PANE_WEIGHT = 3;
/** Weight of the hidden pane: Chart.js needs a positive weight on a stacked scale. */
const HIDDEN_PANE_WEIGHT = 0.0001;

/** The `rsi` scale's options, hidden until {@link showRsiPane}. */
export function rsiScale(p: Palette) {
  return {
    type: 'linear' as const,
    position: 'right' as const,
    stack: 'panes',
    stackWeight: HIDDEN_PANE_WEIGHT,
    display: false,
    offset: true,
    min: 0,
    max: 100,
    grid: { color: p.grid },
    border: { display: false },
    // Only the oversold and overbought levels: a pane this short has room for two.
    afterBuildTicks: (axis: { ticks: { value: number }[] }) => {
      axis.ticks = [{ value: 30 }, { value: 70 }];
    },
    ticks: { color: p.text },
  };
}

/** Shows or hides the `rsi` scale among `scales` (a chart's live options). */
export function showRsiPane(scales: Record<string, unknown>, show: boolean): void {
  // Chart.js types display and stackWeight on cartesian scales only; rsi is one.
  const rsi = scales.rsi as { display?: boolean; stackWeight?: number };
  rsi.display = show;
  rsi.stackWeight = show ? RSI_PANE_WEIGHT : HIDDEN_PANE_WEIGHT;
}

/** Whether the `rsi` scale is shown. */
export function rsiPaneShown(scales: Record<string, unknown>): boolean {
  return (scales.rsi as { display?: boolean }).display === true;
}
