/**
 * The arguments the renderer -> host commands take: how one is declared ({@link arg}, with the
 * value it admits carried in its type) and the check of each kind the command table
 * (`./commands`) names. Each check returns null for a value it admits, else a message naming
 * the problem.
 */
import type { AlertRule } from './alerts';
import { RUN_RULE_ID_PREFIX, checkAlertRule } from './alert-check';
import { MAX_ALERT_ID_CHARS } from './limits';
import type { PriceHistoryRequest } from './price-history';
import { checkPriceHistoryRequest } from './price-history';
import type { SettingsPatch } from './settings';
import { checkPath } from './path-check';
import { checkSettingsField, checkSettingsPatch } from './settings-check';
import { checkReplayControl, type ReplayControl } from './replay-control';
import { checkSourceName, MAX_SOURCES } from './source-names';
import { MAX_WORKSPACE_FILE_CHARS, checkWorkspaceName } from './workspace';
import type { PanelRoute } from './panel-route';
import { readPanelRoute } from './panel-route';
import type { SavedWindow } from './saved-windows';
import { readSavedWindows } from './saved-windows';

/** One argument of a command: its check, and (in the type only) the value it admits. */
export interface Arg<T> {
  /** Null when the value is acceptable, else a message naming the problem. */
  readonly check: (value: unknown) => string | null;
  readonly admits?: T;
}

/** The values a list of argument specs admits, as a tuple. */
export type ArgValues<A extends readonly Arg<unknown>[]> = {
  -readonly [K in keyof A]: A[K] extends Arg<infer T> ? T : never;
};

/** An argument admitting `T`, checked by `check`. */
export const arg = <T>(check: (value: unknown) => string | null): Arg<T> => ({ check });

/** A feed choice (the `Settings.feed` grammar), or null for the embedded simulator. */
export const FEED = arg<string | null>((v) => (v === null ? null : checkSettingsField('feed', v)));
/** An exchange feed's endpoint override, or null for its default. */
export const ENDPOINT = arg<string | null>((v) =>
  v === null ? null : checkSettingsField('feedEndpoint', v),
);
/** A source's name, the prefix of its instruments' ids. */
export const SOURCE_NAME = arg<string>((v) =>
  typeof v === 'string' ? checkSourceName(v) : 'source: expected a source name',
);
/** One to `MAX_SOURCES` source names. */
export const SOURCE_NAMES = arg<readonly string[]>((v) => {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_SOURCES)
    return `sources: expected 1 to ${MAX_SOURCES} source names`;
  for (const name of v as unknown[]) {
    if (typeof name !== 'string') return 'sources: expected source names';
    const bad = checkSourceName(name);
    if (bad) return `sources: ${bad}`;
  }
  return null;
});
/**
 * A settings change the page may make: not where files go, nor where windows are, nor the names
 * retired sources had.
 */
export const PATCH = arg<SettingsPatch>((v) => {
  const checked = checkSettingsPatch(v);
  if (!checked.ok) return checked.error;
  // See Settings.recordingsDir: where files are written is the user's choice, not the page's.
  if ('recordingsDir' in checked.value)
    return 'recordingsDir: set in the settings file or with --recordings-dir, not by the page';
  // The windows follow the pop-out and dock commands; the page does not place windows.
  // See Settings.retiredSources: the host keeps them as sources leave.
  if ('retiredSources' in checked.value)
    return 'retiredSources: kept by the app as sources are removed, not by the page';
  if ('windows' in checked.value)
    return 'windows: saved by the desktop app as windows open, move and close, not by the page';
  return 'mainWindow' in checked.value
    ? 'mainWindow: saved by the desktop app as the window moves and closes, not by the page'
    : null;
});
/** The browser mode's pop-out tabs, every entry valid. */
export const TABS = arg<readonly SavedWindow[]>((v) => {
  const read = readSavedWindows(v);
  return read.problems.length === 0 ? null : read.problems[0]!;
});
/** A recording folder's path. */
export const PATH = arg<string>(checkPath);
/** A replay control. */
export const CONTROL = arg<ReplayControl>(checkReplayControl);
/** An alert rule to save: not one of this run's `--alert` rules. */
export const ALERT_RULE = arg<AlertRule>((v) => {
  const checked = checkAlertRule(v);
  if (!checked.ok) return checked.error;
  // `cli-` rules come from this run's command line and are never saved.
  return checked.value.id.startsWith(RUN_RULE_ID_PREFIX)
    ? `alert rule id: "${RUN_RULE_ID_PREFIX}" ids belong to --alert`
    : null;
});
/** An alert rule's id. */
export const ALERT_ID = arg<string>((v) =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_ALERT_ID_CHARS
    ? null
    : 'id: expected an alert rule id',
);
/** A panel to pop out or dock (`PanelRoute`). */
export const PANEL = arg<PanelRoute>((v) => {
  const read = readPanelRoute(v);
  return read.ok ? null : read.error;
});
/** A bounded request for older price points. */
export const HISTORY_REQUEST = arg<PriceHistoryRequest>(checkPriceHistoryRequest);
/** A workspace's name. */
export const WORKSPACE_NAME = arg<string>(checkWorkspaceName);
/** Whether a save may replace the workspace of that name. */
export const REPLACE = arg<boolean>((v) =>
  typeof v === 'boolean' ? null : 'replace: expected true or false',
);
/** The text of a workspace file, bounded. */
export const WORKSPACE_TEXT = arg<string>((v) =>
  typeof v === 'string' && v.length <= MAX_WORKSPACE_FILE_CHARS
    ? null
    : `file: expected the text of a workspace file of at most ${MAX_WORKSPACE_FILE_CHARS} characters`,
);
