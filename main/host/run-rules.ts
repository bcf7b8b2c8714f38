/**
 * The command line's alert rules (`--alert`) checked against the run's sources once their names
 * are final (bug 148): a source saved in the settings, or a `--feed` named after the saved ones
 * (`nameAfterSaved`), is known only once the settings are read, so a target's source cannot be
 * judged while the flags are parsed (./app-args.ts reads every prefix as a source there).
 */
import { formatAlertRule } from '../../protocol/alert-line';
import type { AlertRule } from '../../protocol/alerts';
import { feedChoices, type Settings } from '../../protocol/settings';
import { REPLAY_SOURCE_NAME, parseInstrumentName } from '../../protocol/source-names';
import { StartError } from './host-api';

/** The names the run's instruments are prefixed with: none for one source. */
export function runSourceNames(settings: Settings): string[] {
  const choices = feedChoices(settings);
  return choices.length > 1 ? choices.flatMap((c) => c.name ?? []) : [];
}

/**
 * Throws a {@link StartError} naming the first rule whose target names a source the run does not
 * have (a replay's `replay:` always may), and the sources there are.
 */
export function checkRunRuleSources(rules: readonly AlertRule[], sources: readonly string[]): void {
  for (const rule of rules) {
    const parsed = parseInstrumentName(rule.instrument);
    const source = parsed.ok ? parsed.source : null;
    if (source === null || source === REPLAY_SOURCE_NAME || sources.includes(source)) continue;
    const there =
      sources.length === 0
        ? 'this run has one source, whose ids carry no prefix'
        : `this run's sources are ${sources.join(', ')}`;
    throw new StartError(
      `--alert "${formatAlertRule(rule)}": no source is named "${source}" (${there})`,
    );
  }
}
