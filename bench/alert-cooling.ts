/**
 * The alerts bench's cooling figure: rules whose condition holds tick after tick, each cooling
 * down after it fired, cost a tick nothing while out of the index (bench/alerts.bench.ts).
 */
import type { AlertRule } from '../protocol/alerts';
import type { Tick } from '../protocol/feed';
import { AlertEvaluator } from '../main/alerts/index';

export const COOLING_RULES = 1_000;
export const COOLING_TICKS = 100_000;

/**
 * Rules whose condition holds tick after tick, each cooling down after it fired: the evaluator
 * takes them out of its index until their cooldown ends, so they cost a tick nothing. CPU of
 * the evaluator alone for one such rule and for COOLING_RULES of them.
 */
export function coolingRun(): { one: number; many: number } {
  const rules: AlertRule[] = Array.from({ length: COOLING_RULES }, (_, i) => ({
    id: `c${i}`,
    instrument: 'I0',
    condition: { type: 'above', level: i / 100, price: 'last' },
    trigger: { mode: 'every', cooldownMs: 60_000 },
    expiresAt: null,
    note: '',
    enabled: true,
  }));
  const ticks: Tick[] = Array.from({ length: COOLING_TICKS }, (_, n) => ({
    instrument: 'I0',
    seq: n + 1,
    ts: n,
    kind: 'trade',
    price: 100 + (n % 7),
    size: 1,
    side: 'buy',
  }));
  const cpu = (list: readonly AlertRule[]) => {
    const evaluator = new AlertEvaluator();
    evaluator.setRules(list);
    const start = process.cpuUsage();
    for (const tick of ticks) evaluator.onTick(tick, false, 1);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1_000;
  };
  return { one: cpu(rules.slice(0, 1)), many: cpu(rules) };
}
