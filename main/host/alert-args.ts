/**
 * The command line's alert rules (`--alert`, repeatable), for this run only: each line read in
 * the rule grammar (protocol/alert-line.ts) and numbered `cli-1`, `cli-2`, ... The sources their
 * targets name are checked by the host, once the names are final (./run-rules.ts).
 */
import type { AlertRule } from '../../protocol/alerts';
import { parseAlertLine } from '../../protocol/alert-line';
import { MAX_ALERT_RULES } from '../../protocol/limits';
import { quoteInput } from '../../protocol/quote-input';
import type { Checked } from '../../protocol/settings-check';
import { checkSourceName } from '../../protocol/source-names';

/** The rules of the `--alert` lines given, in order; an error naming the first bad one. */
export function parseAlertArgs(alertLines: readonly string[]): Checked<AlertRule[]> {
  if (alertLines.length > MAX_ALERT_RULES)
    return { ok: false, error: `--alert: at most ${MAX_ALERT_RULES} rules` };
  const now = Date.now();
  // A target may name its source (`kraken:BTC/USD`): a saved one, or a flag's. Their names
  // are final only once the settings are read, so the host checks them (./run-rules.ts).
  const sources = alertLines.flatMap((line) => sourceOfTarget(line) ?? []);
  const alerts: AlertRule[] = [];
  for (const [i, line] of alertLines.entries()) {
    const parsed = parseAlertLine(line, { id: `cli-${i + 1}`, now, sources });
    if (!parsed.ok) return { ok: false, error: `--alert ${quoteInput(line)}: ${parsed.error}` };
    alerts.push(parsed.value);
  }
  return { ok: true, value: alerts };
}

/** The source a rule line's target names (`kraken-2` in `kraken-2:BTC/USD above 5`), if any. */
function sourceOfTarget(line: string): string | null {
  const prefix = /^\s*([^\s:]+):/.exec(line)?.[1];
  return prefix === undefined || prefix === 'match' || checkSourceName(prefix) !== null
    ? null
    : prefix;
}
