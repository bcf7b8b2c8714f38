/**
 * The renderer -> host commands, declared once in {@link COMMANDS}: channel names, argument
 * checks, arity and the argument and result types all come from that table. Both the Electron
 * IPC handlers and the browser-mode web host validate with it, so the two hosts accept exactly
 * the same inputs. Settings are validated in `./settings-check`, replay controls in
 * `./replay-control`.
 */
import type { AlertEvent, AlertRule, AlertRuleState } from './alerts';
import { RUN_RULE_ID_PREFIX, checkAlertRule } from './alert-check';
import type { RecordingStatus, ReplayStatus } from './health';
import type { RecentRecording } from './recordings';
import type { PriceHistory, PriceHistoryRequest } from './price-history';
import { checkPriceHistoryRequest } from './price-history';
import type { Settings, SettingsPatch } from './settings';
import { checkPath } from './path-check';
import { checkSettingsField, checkSettingsPatch, type Checked } from './settings-check';
import { checkReplayControl, type ReplayControl } from './replay-control';
import { checkSourceName, MAX_SOURCES } from './source-names';
import type { WorkspaceImport, WorkspaceSwitch, WorkspacesView } from './workspace';
import { MAX_WORKSPACE_FILE_CHARS, checkWorkspaceName } from './workspace';
import type { PanelRoute } from './panel-route';
import { readPanelRoute } from './panel-route';
import type { SavedWindow } from './saved-windows';
import { readSavedWindows } from './saved-windows';

/** One argument of a command: its check, and (in the type only) the value it admits. */
interface Arg<T> {
  /** Null when the value is acceptable, else a message naming the problem. */
  readonly check: (value: unknown) => string | null;
  readonly admits?: T;
}

/** The result type of a command (carried in the type only). */
interface Returns<R> {
  readonly returns?: R;
}

interface CommandSpec {
  readonly args: readonly Arg<unknown>[];
  readonly result: Returns<unknown>;
}

const arg = <T>(check: (value: unknown) => string | null): Arg<T> => ({ check });
const returns = <R>(): Returns<R> => ({});

const FEED = arg<string | null>((v) => (v === null ? null : checkSettingsField('feed', v)));
const ENDPOINT = arg<string | null>((v) =>
  v === null ? null : checkSettingsField('feedEndpoint', v),
);
const SOURCE_NAME = arg<string>((v) =>
  typeof v === 'string' ? checkSourceName(v) : 'source: expected a source name',
);
const SOURCE_NAMES = arg<readonly string[]>((v) => {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_SOURCES)
    return `sources: expected 1 to ${MAX_SOURCES} source names`;
  for (const name of v as unknown[]) {
    if (typeof name !== 'string') return 'sources: expected source names';
    const bad = checkSourceName(name);
    if (bad) return `sources: ${bad}`;
  }
  return null;
});
const PATCH = arg<SettingsPatch>((v) => {
  const checked = checkSettingsPatch(v);
  if (!checked.ok) return checked.error;
  // See Settings.recordingsDir: where files are written is the user's choice, not the page's.
  if ('recordingsDir' in checked.value)
    return 'recordingsDir: set in the settings file or with --recordings-dir, not by the page';
  // The windows follow the pop-out and dock commands; the page does not place windows.
  if ('windows' in checked.value)
    return 'windows: saved by the desktop app as windows open, move and close, not by the page';
  return 'mainWindow' in checked.value
    ? 'mainWindow: saved by the desktop app as the window moves and closes, not by the page'
    : null;
});
const TABS = arg<readonly SavedWindow[]>((v) => {
  const read = readSavedWindows(v);
  return read.problems.length === 0 ? null : read.problems[0]!;
});
const PATH = arg<string>(checkPath);
const CONTROL = arg<ReplayControl>(checkReplayControl);
const ALERT_RULE = arg<AlertRule>((v) => {
  const checked = checkAlertRule(v);
  if (!checked.ok) return checked.error;
  // `cli-` rules come from this run's command line and are never saved.
  return checked.value.id.startsWith(RUN_RULE_ID_PREFIX)
    ? `alert rule id: "${RUN_RULE_ID_PREFIX}" ids belong to --alert`
    : null;
});
const ALERT_ID = arg<string>((v) =>
  typeof v === 'string' && v.length > 0 && v.length <= 64 ? null : 'id: expected an alert rule id',
);

const PANEL = arg<PanelRoute>((v) => {
  const read = readPanelRoute(v);
  return read.ok ? null : read.error;
});

/** The alerts as the page shows them: rules (saved, then this run's --alert ones), states, log. */
export interface AlertsView {
  readonly rules: readonly AlertRule[];
  readonly states: Readonly<Record<string, AlertRuleState>>;
  /** Newest first. */
  readonly log: readonly AlertEvent[];
  /** The last `alert:states` change this view includes (`AlertStatesChange.version`). */
  readonly version: number;
}

const HISTORY_REQUEST = arg<PriceHistoryRequest>(checkPriceHistoryRequest);

const WORKSPACE_NAME = arg<string>(checkWorkspaceName);
const REPLACE = arg<boolean>((v) =>
  typeof v === 'boolean' ? null : 'replace: expected true or false',
);
const WORKSPACE_TEXT = arg<string>((v) =>
  typeof v === 'string' && v.length <= MAX_WORKSPACE_FILE_CHARS
    ? null
    : `file: expected the text of a workspace file of at most ${MAX_WORKSPACE_FILE_CHARS} characters`,
);

/**
 * Every renderer -> host request, each answered once: its arguments, in order, and its result.
 * Adding a command is one entry here plus its handler in the app host (a missing handler is a
 * type error there).
 */
export const COMMANDS = {
  /** Connect to a feed (see `Settings.feed`); null means the embedded simulator. */
  'feed:connect': { args: [FEED], result: returns<void>() },
  'feed:disconnect': { args: [], result: returns<void>() },
  /** Connects the saved sources again, after a Disconnect or a connection that failed. */
  'feed:reconnect': { args: [], result: returns<void>() },
  'settings:get': { args: [], result: returns<Settings>() },
  'settings:update': { args: [PATCH], result: returns<Settings>() },
  'recording:start': { args: [], result: returns<RecordingStatus>() },
  'recording:stop': { args: [], result: returns<RecordingStatus>() },
  /** The newest recordings in the recordings folder (at most MAX_RECENT_RECORDINGS). */
  'recording:list': { args: [], result: returns<readonly RecentRecording[]>() },
  /** Opens a recording folder for replay. */
  'replay:open': { args: [PATH], result: returns<ReplayStatus>() },
  /** Desktop only: shows a folder picker, then opens the choice; null when cancelled. */
  'replay:choose': { args: [], result: returns<ReplayStatus | null>() },
  'replay:control': { args: [CONTROL], result: returns<ReplayStatus>() },
  /** Leaves replay and goes back to the configured feed. */
  'replay:close': { args: [], result: returns<void>() },
  'alerts:get': { args: [], result: returns<AlertsView>() },
  /** Creates a rule, or replaces the saved rule of the same id (edit, enable, disable). */
  // An edit's result is the `alert:states` change every page hears, sent before the answer.
  'alerts:save': { args: [ALERT_RULE], result: returns<void>() },
  'alerts:delete': { args: [ALERT_ID], result: returns<void>() },
  'alerts:clear-log': { args: [], result: returns<void>() },
  /** The alert log as CSV text, newest first (the page offers it as a download). */
  'alerts:export-csv': { args: [], result: returns<string>() },
  'workspace:list': { args: [], result: returns<WorkspacesView>() },
  /**
   * Saves the settings in use as a workspace and makes it the current one; an existing name is
   * refused unless `replace` is true (the menu's Save onto the current workspace).
   */
  'workspace:save': { args: [WORKSPACE_NAME, REPLACE], result: returns<WorkspacesView>() },
  /** Renames a workspace; a name already taken is refused. */
  'workspace:rename': {
    args: [WORKSPACE_NAME, WORKSPACE_NAME],
    result: returns<WorkspacesView>(),
  },
  /** Copies a workspace under a new name; a name already taken is refused. */
  'workspace:duplicate': {
    args: [WORKSPACE_NAME, WORKSPACE_NAME],
    result: returns<WorkspacesView>(),
  },
  'workspace:delete': { args: [WORKSPACE_NAME], result: returns<WorkspacesView>() },
  /** Applies a workspace's settings (feed, layout, charts, alert rules) and makes it current. */
  'workspace:switch': { args: [WORKSPACE_NAME], result: returns<WorkspaceSwitch>() },
  /** A workspace as the text of its file (the page offers it as a download). */
  'workspace:export': { args: [WORKSPACE_NAME], result: returns<string>() },
  /** Adds the workspace in a file's text; a name already taken is refused, nothing replaced. */
  'workspace:import': { args: [WORKSPACE_TEXT], result: returns<WorkspaceImport>() },
  /** Desktop only: a save dialog, then writes the workspace's file; null when cancelled. */
  'workspace:export-choose': { args: [WORKSPACE_NAME], result: returns<string | null>() },
  /** Desktop only: an open dialog, then imports the chosen file; null when cancelled. */
  'workspace:import-choose': { args: [], result: returns<WorkspaceImport | null>() },
  /**
   * Desktop only: shows the panel in a window of its own (or brings its window forward); the
   * result is every panel popped out now. Browser mode opens a tab instead (README, "Pop-out
   * windows").
   */
  'window:popout': { args: [PANEL], result: returns<readonly PanelRoute[]>() },
  /** Desktop only: closes the panel's window; the main window shows it again. */
  'window:dock': { args: [PANEL], result: returns<readonly PanelRoute[]>() },
  /** Desktop only: the panels popped out now (the main window hides them). */
  'window:list': { args: [], result: returns<readonly PanelRoute[]>() },
  /** Older price points the engine still holds, for a chart zoomed back past the page's own. */
  'history:prices': { args: [HISTORY_REQUEST], result: returns<PriceHistory>() },
  /**
   * Adds a source beside the others (see `Settings.feeds`) with its endpoint override (null:
   * the exchange's default); resolves to its name, the prefix of its instruments' ids.
   */
  'feed:add': { args: [FEED, ENDPOINT], result: returns<string>() },
  /** Closes the source of that name and forgets it in the settings. */
  'feed:remove': { args: [SOURCE_NAME], result: returns<void>() },
  /**
   * Browser mode only: saves the panels the page has popped out into tabs (`Settings.windows`),
   * which it offers back after a reload. The desktop app saves its windows itself and refuses it.
   */
  'window:tabs': { args: [TABS], result: returns<void>() },
  /**
   * Records the named live sources (each named once) into one recording: one name makes a
   * flat recording, several a set of one sub-recording each (docs/RECORDING.md, "Several
   * sources"). `recording:start` records every live source.
   */
  'recording:start-sources': { args: [SOURCE_NAMES], result: returns<RecordingStatus>() },
} as const satisfies Record<string, CommandSpec>;

type Table = typeof COMMANDS;

/** A command channel name, `domain:verb`. */
export type CommandChannel = keyof Table;
/** The values a list of argument specs admits, as a tuple. */
type ArgValues<A extends readonly Arg<unknown>[]> = {
  -readonly [K in keyof A]: A[K] extends Arg<infer T> ? T : never;
};
/** Arguments of a command. */
export type CommandArgs<C extends CommandChannel> = ArgValues<Table[C]['args']>;
/** Result of a command. */
export type CommandResult<C extends CommandChannel> =
  Table[C]['result'] extends Returns<infer R> ? R : never;

/** Every command channel, in the table's order. */
export const COMMAND_CHANNELS = Object.keys(COMMANDS) as readonly CommandChannel[];

/** True when `channel` names a command (untrusted channel names arrive as strings). */
export function isCommandChannel(channel: unknown): channel is CommandChannel {
  return typeof channel === 'string' && Object.hasOwn(COMMANDS, channel);
}

/** Validates the arguments of a command from the renderer. */
export function validateCommandArgs<C extends CommandChannel>(
  channel: C,
  args: readonly unknown[],
): Checked<CommandArgs<C>> {
  const specs: readonly Arg<unknown>[] = COMMANDS[channel].args;
  if (!Array.isArray(args) || args.length !== specs.length) {
    return { ok: false, error: `${channel}: expected ${specs.length} argument(s)` };
  }
  for (const [i, spec] of specs.entries()) {
    const error = spec.check(args[i]);
    if (error) return { ok: false, error: `${channel}: ${error}` };
  }
  return { ok: true, value: args as unknown as CommandArgs<C> };
}
