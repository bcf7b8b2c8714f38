/**
 * The check of an alert rule's condition read from JSON, and of the instrument it watches (an
 * instrument, or the feed for a feed condition): every field bounded, each error naming it.
 */
import {
  ALERT_CONDITION_TYPES,
  OUTCOMES,
  PHASES,
  PRICE_SOURCES,
  SIDES,
  conditionTarget,
  formatDuration,
  type AlertConditionType,
} from './alerts';
import { checkNumber, checkOneOf, checkWindow, show } from './alert-field-checks';
import { MAX_ALERT_COOLDOWN_MS, MAX_ALERT_LEVEL, MAX_ALERT_PCT, MAX_ID_CHARS } from './limits';

/** Checks a condition object read from JSON; null when valid. */
export function checkCondition(c: Record<string, unknown>): string | null {
  switch (c.type) {
    case 'above':
    case 'below':
    case 'crosses-up':
    case 'crosses-down':
      return (
        checkNumber('level', c.level, -MAX_ALERT_LEVEL, MAX_ALERT_LEVEL) ??
        checkOneOf('price', c.price, PRICE_SOURCES)
      );
    case 'move-up-pct':
    case 'move-down-pct':
      return (
        checkNumber('pct', c.pct, 0, c.type === 'move-down-pct' ? 100 : MAX_ALERT_PCT, true) ??
        checkWindow('window', c.windowMs) ??
        checkOneOf('price', c.price, PRICE_SOURCES)
      );
    case 'spread-above':
      return checkNumber('value', c.value, 0, MAX_ALERT_LEVEL);
    case 'volume-above':
      return (
        checkNumber('volume', c.volume, 0, MAX_ALERT_LEVEL) ?? checkWindow('window', c.windowMs)
      );
    case 'goal':
    case 'red-card':
      return c.side === null ? null : checkOneOf('side', c.side, SIDES);
    case 'status':
      return checkOneOf('phase', c.phase, PHASES);
    case 'odds-move-pct':
      return (
        checkOneOf('outcome', c.outcome, OUTCOMES) ??
        checkNumber('pct', c.pct, 0, MAX_ALERT_PCT, true) ??
        checkWindow('window', c.windowMs)
      );
    case 'stalled':
    case 'gap':
      return null;
    case 'disconnected-for':
      return Number.isInteger(c.durationMs) &&
        (c.durationMs as number) > 0 &&
        (c.durationMs as number) <= MAX_ALERT_COOLDOWN_MS
        ? null
        : `duration: expected 1ms to ${formatDuration(MAX_ALERT_COOLDOWN_MS)}, got ${show(c.durationMs)}`;
    default:
      return `condition: unknown condition ${show(c.type)} (expected one of ${ALERT_CONDITION_TYPES.join(', ')})`;
  }
}

/** Checks a rule's instrument against its condition: an instrument's id, or `*` for a feed condition. */
export function checkInstrument(v: unknown, type: AlertConditionType): string | null {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_ID_CHARS || /\s/.test(v))
    return `instrument: expected an id of 1 to ${MAX_ID_CHARS} characters without spaces, got ${show(v)}`;
  const feed = conditionTarget(type) === 'feed';
  if (feed !== (v === '*'))
    return feed
      ? `instrument: "${type}" is a feed condition; its target is "feed" (*)`
      : `instrument: "${type}" needs an instrument, not the feed`;
  return null;
}
