/**
 * Reading settings saved under an older source-naming rule (`SourceNameRule`): every
 * source-prefixed instrument name they hold is renamed to what the same feed of their saved list
 * is named now. A name whose source is not in that list stays as it was, pending like a missing
 * instrument: it is never moved onto another feed.
 */
import type { AlertRule } from './alerts';
import type { ChartSetup } from './chart-setup';
import type { SavedWindow } from './saved-windows';
import { feedChoices, type Settings } from './settings';
import {
  SOURCE_NAME_RULE,
  formatInstrumentName,
  parseInstrumentName,
  sourceNamesFor,
  type SourceNameRule,
} from './source-names';

/**
 * The saved list's sources' names under `rule` mapped to their names now, for the names that
 * differ: both are computed from the one list, in order, as a restart names it.
 */
export function sourceRenames(
  feeds: readonly (string | null)[],
  rule: SourceNameRule,
): ReadonlyMap<string, string> {
  const was = sourceNamesFor(feeds, rule);
  const now = sourceNamesFor(feeds);
  return new Map(was.flatMap((name, i) => (name === now[i] ? [] : [[name, now[i]!] as const])));
}

/** `settings`, written under `rule`, with each instrument name its saved list renames made current. */
export function renameSavedSources(settings: Settings, rule: SourceNameRule): Settings {
  if (rule === SOURCE_NAME_RULE) return settings;
  const renames = sourceRenames(
    feedChoices(settings).map((choice) => choice.feed),
    rule,
  );
  if (renames.size === 0) return settings;
  const rename = (name: string): string => {
    const parsed = parseInstrumentName(name);
    if (!parsed.ok || parsed.source === null) return name;
    const source = renames.get(parsed.source);
    return source === undefined ? name : formatInstrumentName(source, parsed.id);
  };
  const renameRule = (rule: AlertRule): AlertRule => ({
    ...rule,
    instrument: rename(rule.instrument),
  });
  const renameWindow = (saved: SavedWindow): SavedWindow =>
    saved.panel.panel === 'chart'
      ? { ...saved, panel: { panel: 'chart', instrument: rename(saved.panel.instrument) } }
      : saved;
  return {
    ...settings,
    focused: settings.focused.map(rename),
    pinned: settings.pinned.map(rename),
    hidden: settings.hidden.map(rename),
    chartSetups: Object.fromEntries(
      Object.entries(settings.chartSetups).map(([id, setup]): [string, ChartSetup] => [
        rename(id),
        setup,
      ]),
    ),
    alerts: settings.alerts.map(renameRule),
    windows: settings.windows.map(renameWindow),
  };
}
