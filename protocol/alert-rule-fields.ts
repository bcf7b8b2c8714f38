/**
 * A checked alert rule made afresh from its fields (alert-check.ts checks them first).
 */
import type { AlertConditionType, AlertRule } from './alerts';

/** The fields of each condition type after `type`, in the order a rule is written. */
const CONDITION_FIELDS: Readonly<Record<AlertConditionType, readonly string[]>> = {
  above: ['level', 'price'],
  below: ['level', 'price'],
  'crosses-up': ['level', 'price'],
  'crosses-down': ['level', 'price'],
  'move-up-pct': ['pct', 'windowMs', 'price'],
  'move-down-pct': ['pct', 'windowMs', 'price'],
  'spread-above': ['value'],
  'volume-above': ['volume', 'windowMs'],
  goal: ['side'],
  'red-card': ['side'],
  status: ['phase'],
  'odds-move-pct': ['outcome', 'pct', 'windowMs'],
  stalled: [],
  gap: [],
  'disconnected-for': ['durationMs'],
};

/**
 * A checked rule made afresh from its fields, in one key order: what else the JSON held (a
 * field of any size, a `price` on a goal rule) is not carried into every view, workspace and
 * logged alert, and rules compare as JSON (an edit keeps a fired rule's state when its
 * condition is the same) whatever order a file wrote their keys in.
 */
export function ruleOf(r: Record<string, unknown>, c: Record<string, unknown>): AlertRule {
  const type = c.type as AlertConditionType;
  const t = r.trigger as Record<string, unknown>;
  return {
    id: r.id as string,
    instrument: r.instrument as string,
    condition: Object.fromEntries([
      ['type', type],
      ...CONDITION_FIELDS[type].map((key) => [key, c[key]]),
    ]) as unknown as AlertRule['condition'],
    trigger:
      t.mode === 'once' ? { mode: 'once' } : { mode: 'every', cooldownMs: t.cooldownMs as number },
    expiresAt: r.expiresAt as number | null,
    note: r.note as string,
    enabled: r.enabled as boolean,
    ...(typeof r.firedAt === 'number' ? { firedAt: r.firedAt } : {}),
  };
}
