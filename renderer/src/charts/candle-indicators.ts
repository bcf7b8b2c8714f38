/**
 * The candles' indicators (`ChartSetup.indicators`): volume is the candles' own, drawn by
 * volume-bars.ts while its spec is on; the others are lines computed over the bar ring by an
 * IndicatorTrack, drawn as datasets over the candles (candle-config.ts's `indicatorDatasets`),
 * RSI in its sub-pane (rsi-pane.ts).
 */
import type { Chart } from 'chart.js';
import type { IndicatorSpec } from '../../../protocol/chart-setup';
import type { BarIntervalMs } from '../../../protocol/batch';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { indicatorDatasets } from './candle-config';
import { IndicatorTrack } from './indicator-track';
import { showRsiPane } from './rsi-pane';

/** Bars of indicator history kept per line (the bar ring holds at most 600). */
const INDICATOR_POINTS = 1_000;

export class CandleIndicators {
  private specs: readonly IndicatorSpec[] = [];
  private track: IndicatorTrack;

  constructor(intervalMs: BarIntervalMs) {
    this.track = new IndicatorTrack([], intervalMs, INDICATOR_POINTS);
  }

  /** Takes `specs`; false when they are the ones shown already (their lines are kept). */
  set(specs: readonly IndicatorSpec[]): boolean {
    if (JSON.stringify(specs) === JSON.stringify(this.specs)) return false;
    this.specs = specs;
    return true;
  }

  /**
   * Starts the lines over, from the bars of `intervalMs`: `chart`'s datasets after the candles
   * replaced, and the RSI pane shown while an RSI is on.
   */
  restart(chart: Chart, intervalMs: BarIntervalMs): void {
    const computed = this.specs.filter((s) => s.kind !== 'volume');
    this.track = new IndicatorTrack(computed, intervalMs, INDICATOR_POINTS);
    const datasets = chart.data.datasets;
    datasets.length = 1;
    datasets.push(...(indicatorDatasets(this.track.tracked) as never[]));
    showRsiPane(
      chart.options.scales!,
      this.specs.some((s) => s.kind === 'rsi'),
    );
  }

  /** Folds the ring's new bars into the lines. */
  update(ring: ColumnarRing): void {
    this.track.update(ring);
  }

  /** The indicators drawn as lines, in their colours' order (volume is the candles' own). */
  get lines(): readonly IndicatorSpec[] {
    return this.track.tracked.map((t) => t.spec);
  }

  /** The volume indicator is on: the candles' volume bars are drawn. */
  get volume(): boolean {
    return this.specs.some((s) => s.kind === 'volume');
  }
}
