/** Percent moves as `move-*-pct` and `odds-move-pct` rules measure them. */

/** Rise from `low` to `v`, percent (0 when `low` is not positive). */
export function rise(low: number, v: number): number {
  return low > 0 ? ((v - low) / low) * 100 : 0;
}

/** Fall from `high` to `v`, percent (0 when `high` is not positive). */
export function drop(high: number, v: number): number {
  return high > 0 ? ((high - v) / high) * 100 : 0;
}
