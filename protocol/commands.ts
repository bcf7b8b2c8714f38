/**
 * The renderer -> host commands, declared once in {@link COMMANDS}: channel names, argument
 * checks, arity and the argument and result types all come from that table. Both the Electron
 * IPC handlers and the browser-mode web host validate with it, so the two hosts accept exactly
 * the same inputs. Persisted settings are validated here too.
 */
import type { AlertEvent, AlertRule, AlertRuleState } from './alerts';
import { checkAlertRule, readAlertRules } from './alert-check';
import type { RecordingStatus, ReplayStatus } from './batch';
import type { RecentRecording } from './recordings';
import type { PriceHistory, PriceHistoryRequest } from './price-history';
import { checkPriceHistoryRequest } from './price-history';

import { BAR_INTERVALS_MS } from './batch';
import { parseFeedTarget, checkWebSocketUrl } from './feed-target';
import { MAX_ALERT_RULES } from './limits';
import type { Settings, SettingsPatch } from './settings';
import {
  BATCH_HZ_MAX,
  BATCH_HZ_MIN,
  CHART_GRIDS,
  DEFAULT_SETTINGS,
  MAX_FOCUSED,
  MAX_PANEL_PX,
  MAX_WATCHLIST_IDS,
  WATCHLIST_COLUMNS,
} from './settings';
import type { FeedChoice } from './settings';
import { checkSourceName, MAX_SOURCES } from './source-names';
import { checkChartSetups } from './chart-setup-check';
import type { WorkspaceImport, WorkspaceSwitch, WorkspacesView } from './workspace';
import { MAX_WORKSPACE_FILE_CHARS, checkWorkspaceName } from './workspace';
import type { PanelRoute } from './panel-route';
import { readPanelRoute } from './panel-route';
import type { SavedWindow } from './saved-windows';
import { readSavedMainWindow, readSavedWindows } from './saved-windows';

/** A validation outcome: the typed value, or a message naming the field and the problem. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

type Obj = Record<string, unknown>;
const MAX_PATH_CHARS = 4096;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIdList(v: unknown, max: number): boolean {
  return (
    Array.isArray(v) &&
    v.length <= max &&
    v.every((id) => typeof id === 'string' && id.length > 0 && id.length < 100)
  );
}

function checkSettingsField(key: string, v: unknown): string | null {
  switch (key) {
    case 'feed': {
      if (v === null) return null;
      if (typeof v !== 'string') return 'feed: expected a string or null';
      const parsed = parseFeedTarget(v);
      return parsed.ok ? null : `feed: ${parsed.error}`;
    }
    case 'feedEndpoint':
      if (v === null) return null;
      if (typeof v !== 'string') return 'feedEndpoint: expected a ws:// URL or null';
      return checkWebSocketUrl(v) && `feedEndpoint: ${checkWebSocketUrl(v)}`;
    case 'batchHz':
      return Number.isInteger(v) && (v as number) >= BATCH_HZ_MIN && (v as number) <= BATCH_HZ_MAX
        ? null
        : `batchHz: expected a whole number from ${BATCH_HZ_MIN} to ${BATCH_HZ_MAX}`;
    case 'theme':
      return v === 'dark' || v === 'light' ? null : 'theme: expected "dark" or "light"';
    case 'chartWindowMin':
      return v === 1 || v === 5 || v === 15 ? null : 'chartWindowMin: expected 1, 5 or 15';
    case 'barIntervalMs':
      return (BAR_INTERVALS_MS as readonly unknown[]).includes(v)
        ? null
        : `barIntervalMs: expected one of ${BAR_INTERVALS_MS.join(', ')}`;
    case 'focused':
      if (
        !Array.isArray(v) ||
        v.length > MAX_FOCUSED ||
        !v.every((id) => typeof id === 'string' && id.length > 0 && id.length < 100)
      ) {
        return `focused: expected a list of at most ${MAX_FOCUSED} instrument ids`;
      }
      return null;
    case 'recordingsDir':
      if (v === null) return null;
      return typeof v === 'string' && isAbsolutePath(v) && checkPath(v) === null
        ? null
        : 'recordingsDir: expected an absolute folder path or null';
    case 'watchlistColumns':
      return Array.isArray(v) &&
        v.every((c) => (WATCHLIST_COLUMNS as readonly unknown[]).includes(c)) &&
        new Set(v).size === v.length
        ? null
        : `watchlistColumns: expected distinct names from ${WATCHLIST_COLUMNS.join(', ')}`;
    case 'pinned':
    case 'hidden':
      return isIdList(v, MAX_WATCHLIST_IDS)
        ? null
        : `${key}: expected a list of at most ${MAX_WATCHLIST_IDS} instrument ids`;
    case 'compareOverlay':
      return typeof v === 'boolean' ? null : 'compareOverlay: expected true or false';
    case 'chartSetups':
      return checkChartSetups(v);
    case 'alerts': {
      const { problems } = readAlertRules(v, MAX_ALERT_RULES);
      return problems[0] ?? null;
    }
    case 'chartGrid':
      return (CHART_GRIDS as readonly unknown[]).includes(v)
        ? null
        : `chartGrid: expected one of ${CHART_GRIDS.join(', ')}`;
    case 'panels':
      return checkPanelSizes(v);
    case 'windows':
      return readSavedWindows(v).problems[0] ?? null;
    case 'alertSound':
      return typeof v === 'boolean' ? null : 'alertSound: expected true or false';
    case 'feeds': {
      const { problems } = readFeedChoices(v);
      return problems[0] ?? null;
    }
    case 'mainWindow': {
      if (v === null) return null;
      const read = readSavedMainWindow(v);
      return read.ok ? null : read.error;
    }
    default:
      return `unknown setting "${key}"`;
  }
}

function checkPanelSizes(v: unknown): string | null {
  if (!isObj(v)) return 'panels: expected an object';
  const keys = Object.keys(DEFAULT_SETTINGS.panels);
  const extra = Object.keys(v).find((k) => !keys.includes(k));
  if (extra !== undefined) return `panels: unknown field "${extra}"`;
  for (const key of keys) {
    const size = v[key];
    if (key.endsWith('Folded')) {
      if (typeof size !== 'boolean') return `panels.${key}: expected true or false`;
    } else if (
      size !== null &&
      !(Number.isInteger(size) && (size as number) >= 0 && (size as number) <= MAX_PANEL_PX)
    ) {
      return `panels.${key}: expected null or a whole number of px from 0 to ${MAX_PANEL_PX}`;
    }
  }
  return null;
}

/** Validates a partial settings object (a patch from the renderer or a command line). */
export function checkSettingsPatch(v: unknown): Checked<SettingsPatch> {
  if (!isObj(v)) return { ok: false, error: 'settings: expected an object' };
  for (const [key, value] of Object.entries(v)) {
    const error = checkSettingsField(key, value);
    if (error) return { ok: false, error };
  }
  return { ok: true, value: v as SettingsPatch };
}

/**
 * Reads settings loaded from disk: known fields that are valid are kept, the rest fall back to
 * defaults and are reported, so one bad field never costs the user all their settings.
 */
export function readSettings(v: unknown): {
  readonly settings: Settings;
  readonly problems: readonly string[];
} {
  if (!isObj(v))
    return { settings: DEFAULT_SETTINGS, problems: ['settings: expected a JSON object'] };
  const merged: Obj = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(v)) {
    if (key === 'alerts') {
      // Rule by rule: one bad rule must not cost the user the others.
      const read = readAlertRules(value, MAX_ALERT_RULES);
      merged.alerts = read.rules;
      problems.push(...read.problems);
      continue;
    }
    if (key === 'windows') {
      // Window by window, like the alert rules.
      const read = readSavedWindows(value);
      merged.windows = read.windows;
      problems.push(...read.problems);
      continue;
    }
    if (key === 'mainWindow' && value !== null) {
      // A fresh object of the known fields, as the pop-out windows are read.
      const read = readSavedMainWindow(value);
      if (read.ok) merged.mainWindow = read.value;
      else problems.push(read.error);
      continue;
    }
    if (key === 'feeds') {
      // Source by source, likewise.
      const read = readFeedChoices(value);
      merged.feeds = read.feeds;
      problems.push(...read.problems);
      continue;
    }
    const error = checkSettingsField(key, value);
    if (error) problems.push(error);
    else merged[key] = value;
  }
  // A file from before the chart grid keeps every chart it compared: the smallest grid that
  // holds them, not the default one.
  if (!('chartGrid' in v)) {
    const charted = Math.max(
      (merged.focused as readonly string[]).length,
      DEFAULT_SETTINGS.chartGrid,
    );
    merged.chartGrid = CHART_GRIDS.find((g) => g >= charted) ?? MAX_FOCUSED;
  }
  return { settings: merged as unknown as Settings, problems };
}

/** Checks one source of `Settings.feeds`; null when it is valid. */
export function checkFeedChoice(v: unknown): string | null {
  if (!isObj(v)) return 'expected { feed, endpoint }';
  const feed = checkSettingsField('feed', v.feed === undefined ? null : v.feed);
  if (feed) return feed;
  const endpoint = checkSettingsField('feedEndpoint', v.endpoint === undefined ? null : v.endpoint);
  if (endpoint) return endpoint.replace('feedEndpoint', 'endpoint');
  const extra = Object.keys(v).find((k) => k !== 'feed' && k !== 'endpoint');
  return extra === undefined ? null : `unknown field "${extra}"`;
}

/** Reads `Settings.feeds` entry by entry: the valid ones, and a problem per bad one. */
function readFeedChoices(v: unknown): { feeds: FeedChoice[]; problems: string[] } {
  if (!Array.isArray(v)) return { feeds: [], problems: ['feeds: expected a list'] };
  const feeds: FeedChoice[] = [];
  const problems: string[] = [];
  if (v.length > MAX_SOURCES) problems.push(`feeds: at most ${MAX_SOURCES} sources`);
  for (const [i, entry] of v.slice(0, MAX_SOURCES).entries()) {
    const error = checkFeedChoice(entry);
    if (error) problems.push(`feeds: source ${i + 1}: ${error}`);
    else {
      const { feed = null, endpoint = null } = entry as Partial<FeedChoice>;
      feeds.push({ feed, endpoint });
    }
  }
  return { feeds, problems };
}

/** Replay transport controls. */
export type ReplayControl =
  | { readonly action: 'play' }
  | { readonly action: 'pause' }
  | { readonly action: 'step' }
  | { readonly action: 'seek'; readonly to: number }
  | { readonly action: 'speed'; readonly speed: number }
  | { readonly action: 'loop'; readonly loop: boolean }
  | { readonly action: 'range'; readonly from: number; readonly to: number };

function checkReplayControl(v: unknown): string | null {
  if (!isObj(v)) return 'control: expected an object';
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  switch (v.action) {
    case 'play':
    case 'pause':
    case 'step':
      return null;
    case 'seek':
      return finite(v.to) ? null : 'control.to: expected a time in epoch ms';
    case 'speed':
      return finite(v.speed) &&
        ((v.speed as number) === 0 || ((v.speed as number) >= 0.25 && (v.speed as number) <= 100))
        ? null
        : 'control.speed: expected 0 (as fast as possible) or 0.25 to 100';
    case 'loop':
      return typeof v.loop === 'boolean' ? null : 'control.loop: expected true or false';
    case 'range':
      return finite(v.from) && finite(v.to) && (v.from as number) <= (v.to as number)
        ? null
        : 'control: expected from <= to, in epoch ms';
    default:
      return `control.action: unknown action ${JSON.stringify(v.action)}`;
  }
}

/** `/x` (POSIX), `C:\x` or `C:/x` (Windows), `\\server\share` (UNC). */
function isAbsolutePath(v: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(v);
}

function checkPath(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_PATH_CHARS && !v.includes('\0')
    ? null
    : 'path: expected a folder path';
}

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
  return checked.value.id.startsWith('cli-') ? 'alert rule id: "cli-" ids belong to --alert' : null;
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
