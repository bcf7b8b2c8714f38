/**
 * The edges of a price's quiet band (price-rules.ts): the level rules' around the last price,
 * and the move rules', from the highest or lowest price their windows hold. Each edge is where
 * a rule may first fire, kept a little on the side of checking too often: the exact checks
 * decide near it.
 */
import type { SortedRules } from './sorted-rules';

/**
 * How far above the relative rounding of a move the band's edges are kept from where a move
 * reaches its threshold (percent): the exact check decides anything nearer.
 */
const MARGIN_PCT = 1e-7;

/**
 * The price at or under which a fall from `high` may reach `pct`: the band's lowest (Infinity,
 * every price checked, when `high` is not a positive number; never under 0, so a price that
 * is not positive is checked, as `ExtremaRings.mayReach` wants).
 */
export function fallFloor(high: number, pct: number): number {
  if (!(high > 0 && high < Infinity)) return Infinity;
  return Math.max(0, high * (1 - (pct - MARGIN_PCT) / 100));
}

/** The price at or over which a rise from `low` may reach `pct` (-Infinity: every price checked). */
export function riseCeiling(low: number, pct: number): number {
  if (!(low > 0 && low < Infinity)) return -Infinity;
  return low * (1 + (pct - MARGIN_PCT) / 100);
}

/** The highest of `levels` at or under `p` (-Infinity for none). */
export function levelUnder(levels: SortedRules, p: number): number {
  const under = levels.upperBound(p);
  return under > 0 ? (levels.keys[under - 1] as number) : -Infinity;
}

/** The lowest of `levels` at or over `p` (Infinity for none). */
export function levelOver(levels: SortedRules, p: number): number {
  const over = levels.lowerBound(p);
  return over < levels.size ? (levels.keys[over] as number) : Infinity;
}
