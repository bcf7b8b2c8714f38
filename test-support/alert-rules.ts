/** A valid alert rule for tests: `ACME above 5` on last, once, enabled. A literal, not a parse,
 *  so a test file that imports it does not run the grammar while Vitest collects it (which
 *  would make every mutant the parse reaches "static" to Stryker). */
import type { AlertEvent, AlertRule } from '../protocol/alerts';
import { formatAlertRule, parseAlertLine } from '../protocol/alert-line';

export const SAMPLE_RULE: AlertRule = {
  id: 'r1',
  instrument: 'ACME',
  condition: { type: 'above', level: 5, price: 'last' },
  trigger: { mode: 'once' },
  expiresAt: null,
  note: '',
  enabled: true,
};

/**
 * A fired alert for tests: `ACME crosses-down 92.5` (with `note`, if given) fired by a tick at
 * 92.4; `replayPosition` null for a live feed.
 */
export function crossingAlert(replayPosition: number | null, note = ''): AlertEvent {
  const parsed = parseAlertLine(`ACME crosses-down 92.5${note ? ` note ${note}` : ''}`, {
    id: 'dip',
    now: 0,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return {
    id: 1,
    rule: parsed.value,
    text: formatAlertRule(parsed.value),
    tick: { instrument: 'ACME', seq: 7, ts: 1_700_000_000_000, value: 92.4 },
    firedAt: 1_700_000_000_010,
    replayPosition,
  };
}

/**
 * The rule an `--alert` line makes, with id `id`; a line that does not parse fails the test.
 * `now` is what relative expiries count from (the engine tests' wall clock, or 0).
 */
export function ruleLine(line: string, id: string, now = 0): AlertRule {
  const parsed = parseAlertLine(line, { id, now });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
