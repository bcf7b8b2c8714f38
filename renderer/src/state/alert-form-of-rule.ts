/**
 * The new-alert form's fields for a saved rule, so the form can edit it: each field as a user
 * would type it, which `ruleFromForm` (./alert-form.ts) reads back to the same rule.
 */
import { formatDuration, type AlertRule } from '../../../protocol/alerts';
import { expiryText } from './alert-expiry';
import type { EditableAlertForm } from './alert-form';

/** The words the Value field holds for a rule's condition (the window has its own field). */
function valueOf(c: AlertRule['condition']): string {
  switch (c.type) {
    case 'above':
    case 'below':
    case 'crosses-up':
    case 'crosses-down':
      return String(c.level);
    case 'move-up-pct':
    case 'move-down-pct':
      return String(c.pct);
    case 'spread-above':
      return String(c.value);
    case 'volume-above':
      return String(c.volume);
    case 'goal':
    case 'red-card':
      return c.side ?? '';
    case 'status':
      return c.phase;
    case 'odds-move-pct':
      return `${c.outcome} ${c.pct}`;
    case 'disconnected-for':
      return formatDuration(c.durationMs);
    case 'stalled':
    case 'gap':
      return '';
  }
}

/** The form filled in with `rule`, as of `now` (its expiry in local time). */
export function formOfRule(rule: AlertRule, now: number): EditableAlertForm {
  const c = rule.condition;
  return {
    instrument: rule.instrument === '*' ? '' : rule.instrument,
    condition: c.type,
    value: valueOf(c),
    window: 'windowMs' in c ? formatDuration(c.windowMs) : '10s',
    price: 'price' in c ? c.price : 'last',
    trigger:
      rule.trigger.mode === 'once' ? 'once' : `every ${formatDuration(rule.trigger.cooldownMs)}`,
    expires: expiryText(rule.expiresAt, now),
    note: rule.note,
  };
}
