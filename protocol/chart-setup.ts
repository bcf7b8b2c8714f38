/**
 * What a user adds to an instrument's charts (indicators and price lines), kept per instrument
 * in `Settings.chartSetups`: the shapes, their bounds and the setup a chart starts with. Read
 * field by field in `./chart-setup-check`.
 */

/** Indicators a chart can carry. */
export const INDICATOR_KINDS = ['sma', 'ema', 'vwap', 'bollinger', 'rsi', 'volume'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** Bounds of an indicator's period, in points (bars or prices). */
export const INDICATOR_PERIOD_MIN = 2;
export const INDICATOR_PERIOD_MAX = 500;
/** Bounds of the Bollinger band width, in standard deviations. */
export const BOLLINGER_STD_DEV_MIN = 0.5;
export const BOLLINGER_STD_DEV_MAX = 5;

/**
 * One indicator on a chart, with its parameters. SMA, EMA, Bollinger and RSI run over `period`
 * points; Bollinger's bands lie `stdDev` standard deviations either side of the SMA. VWAP
 * restarts each UTC day (the session); volume has no parameter.
 */
export type IndicatorSpec =
  | { readonly kind: 'sma' | 'ema' | 'rsi'; readonly period: number }
  | { readonly kind: 'bollinger'; readonly period: number; readonly stdDev: number }
  | { readonly kind: 'vwap' | 'volume' };

/** What a user added to one instrument's charts: indicators, and horizontal price lines. */
export interface ChartSetup {
  readonly indicators: readonly IndicatorSpec[];
  /** Prices at which a horizontal line is drawn, in the instrument's units. */
  readonly priceLines: readonly number[];
  /**
   * Indicators on the price line, any kind, computed over the instrument's 1-second bars (so a
   * period counts seconds); absent: none.
   */
  readonly priceIndicators?: readonly IndicatorSpec[];
}

/** The setup of an instrument's charts until the user changes it: volume under the candles. */
export const DEFAULT_CHART_SETUP: ChartSetup = { indicators: [{ kind: 'volume' }], priceLines: [] };

/** Most indicators on one chart (each costs a dataset and a per-tick update). */
export const MAX_INDICATORS_PER_CHART = 8;
/** Most horizontal price lines on one chart. */
export const MAX_PRICE_LINES_PER_CHART = 16;
/** Most instruments whose chart setup is kept (bounds the settings file). */
export const MAX_CHART_SETUPS = 100;
