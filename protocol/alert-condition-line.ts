/**
 * The condition part of the one-line alert grammar (alert-line.ts), the tokens after the
 * target: `move-down-pct 5 10s`, `crosses-down 92.5 on mid`, `goal home`, `stalled`.
 */
import {
  ALERT_CONDITION_TYPES,
  OUTCOMES,
  PHASES,
  SIDES,
  formatDuration,
  parseDurationMs,
  type AlertChecked,
  type AlertCondition,
  type MatchPhase,
  type MatchSide,
  type OddsOutcome,
} from './alerts';
import { checkNumber, checkWindow, fail, numberRange, show, type Fail } from './alert-field-checks';
import { MAX_ALERT_COOLDOWN_MS, MAX_ALERT_LEVEL, MAX_ALERT_PCT } from './limits';

/** Tokens of the condition part, after the target. */
export function parseCondition(type: string, args: string[]): AlertChecked<AlertCondition> {
  const need = (): string | undefined => args.shift();
  const num = (what: string, min: number, max: number, open = false): number | Fail => {
    const token = need();
    if (token === undefined) return fail(`${type}: missing ${what}`);
    const n = readNumber(token);
    // Quoted as typed: `1e400` reads as Infinity and `1e-400` as 0, numbers the user never wrote.
    if (n === null) {
      const comma = token.includes(',') ? ' (a decimal point, not a comma)' : '';
      return fail(
        `${what}: expected a number ${numberRange(min, max, open)}, got ${show(token)}${comma}`,
      );
    }
    const error = checkNumber(what, n, min, max, open, token);
    return error ? fail(error) : n;
  };
  const windowMs = (): number | Fail => {
    const token = need();
    if (token === undefined) return fail(`${type}: missing window (e.g. 10s)`);
    const ms = parseDurationMs(token);
    if (ms === null)
      return fail(`window: expected a duration like 500ms, 10s, 5m or 1h, got ${show(token)}`);
    const error = checkWindow('window', ms, token);
    return error ? fail(error) : ms;
  };
  const oneOf = <T extends string>(what: string, allowed: readonly T[], optional: boolean) => {
    const token = args[0];
    if (token !== undefined && allowed.includes(token as T)) return args.shift() as T;
    if (optional) return null;
    return fail(`${what}: expected one of ${allowed.join(', ')}, got ${show(token ?? '')}`);
  };
  const isFail = (x: unknown): x is Fail => typeof x === 'object' && x !== null && 'error' in x;
  const ok = (value: AlertCondition): AlertChecked<AlertCondition> => ({ ok: true, value });
  switch (type) {
    case 'above':
    case 'below':
    case 'crosses-up':
    case 'crosses-down': {
      const level = num('level', -MAX_ALERT_LEVEL, MAX_ALERT_LEVEL);
      return isFail(level) ? level : ok({ type, level, price: 'last' });
    }
    case 'move-up-pct':
    case 'move-down-pct': {
      const pct = num('pct', 0, type === 'move-down-pct' ? 100 : MAX_ALERT_PCT, true);
      if (isFail(pct)) return pct;
      const w = windowMs();
      return isFail(w) ? w : ok({ type, pct, windowMs: w, price: 'last' });
    }
    case 'spread-above': {
      const value = num('value', 0, MAX_ALERT_LEVEL);
      return isFail(value) ? value : ok({ type, value });
    }
    case 'volume-above': {
      const volume = num('volume', 0, MAX_ALERT_LEVEL);
      if (isFail(volume)) return volume;
      const w = windowMs();
      return isFail(w) ? w : ok({ type, volume, windowMs: w });
    }
    case 'goal':
    case 'red-card': {
      const side = oneOf('side', SIDES, true);
      return ok({ type, side: side as MatchSide | null });
    }
    case 'status': {
      const phase = oneOf('phase', PHASES, false);
      return isFail(phase) ? phase : ok({ type, phase: phase as MatchPhase });
    }
    case 'odds-move-pct': {
      const outcome = oneOf('outcome', OUTCOMES, false);
      if (isFail(outcome)) return outcome;
      const pct = num('pct', 0, MAX_ALERT_PCT, true);
      if (isFail(pct)) return pct;
      const w = windowMs();
      return isFail(w) ? w : ok({ type, outcome: outcome as OddsOutcome, pct, windowMs: w });
    }
    case 'stalled':
    case 'gap':
      return ok({ type });
    case 'disconnected-for': {
      const token = need();
      const ms = token === undefined ? null : parseDurationMs(token);
      if (ms === null || ms <= 0 || ms > MAX_ALERT_COOLDOWN_MS)
        return fail(
          `duration: expected a duration from 1ms to ${formatDuration(MAX_ALERT_COOLDOWN_MS)} like 30s, got ${show(token ?? '')}`,
        );
      return ok({ type, durationMs: ms });
    }
    default:
      return fail(
        `condition: unknown condition ${show(type)} (expected one of ${ALERT_CONDITION_TYPES.join(', ')})`,
      );
  }
}

/**
 * A decimal number as typed (`92.5`, `-3`, `1e6`), or null: hex, `NaN`, `Infinity`, a comma,
 * and a number a double cannot hold (`1e400` would be Infinity; `1e-400`, with a digit other
 * than 0, would be 0). `-0` reads as 0.
 */
function readNumber(token: string): number | null {
  const m = /^[-+]?((\d+(\.\d*)?|\.\d+))(e[-+]?\d+)?$/i.exec(token);
  if (m === null) return null;
  const n = Number(token);
  if (!Number.isFinite(n) || (n === 0 && /[1-9]/.test(m[1]!))) return null;
  return n === 0 ? 0 : n;
}
