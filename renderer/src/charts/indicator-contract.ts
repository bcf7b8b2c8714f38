/**
 * What every indicator is: the point it takes and the incremental interface it keeps (see
 * ./indicators.ts for the rules: `push`, `peek`, gaps, `reset`).
 */

/** One point of a series: its time (epoch ms), close, typical price and volume. */
export interface IndicatorInput {
  readonly t: number;
  readonly close: number;
  readonly typical: number;
  readonly volume: number;
}

/** An incremental indicator; its outputs (one or more lines) are NaN until defined. */
export interface Indicator {
  /** How many lines it draws: 3 for Bollinger (middle, upper, lower), else 1. */
  readonly lines: number;
  /** Folds in a final point and writes its outputs into `out`. */
  push(p: IndicatorInput, out: number[]): void;
  /** Writes the outputs `p` would give as the next point, without keeping it. */
  peek(p: IndicatorInput, out: number[]): void;
  reset(): void;
}
