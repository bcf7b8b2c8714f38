/** The threshold a rule is sorted by in its instrument's index (`SortedRules`). */
import type { AlertRule } from '../../protocol/alerts';

export function keyOf(rule: AlertRule): number {
  const c = rule.condition;
  switch (c.type) {
    case 'above':
    case 'below':
    case 'crosses-up':
    case 'crosses-down':
      return c.level;
    case 'move-up-pct':
    case 'move-down-pct':
    case 'odds-move-pct':
      return c.pct;
    case 'spread-above':
      return c.value;
    case 'volume-above':
      return c.volume;
    default:
      return 0;
  }
}
