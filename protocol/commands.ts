/**
 * The renderer -> host commands, declared once in {@link COMMANDS}: channel names, argument
 * checks, arity and the argument and result types all come from that table. Both the Electron
 * IPC handlers and the browser-mode web host validate with it, so the two hosts accept exactly
 * the same inputs. Each argument's check is in `./command-args`; settings are validated in
 * `./settings-check`, replay controls in `./replay-control`.
 */
import type { AlertEvent, AlertRule, AlertRuleState } from './alerts';
import type { RecordingStatus, ReplayStatus } from './health';
import type { RecentRecording } from './recordings';
import type { PriceHistory } from './price-history';
import type { Settings } from './settings';
import type { Checked } from './settings-check';
import type { WorkspaceImport, WorkspaceSwitch, WorkspacesView } from './workspace';
import type { PanelRoute } from './panel-route';
import {
  ALERT_ID,
  ALERT_RULE,
  CONTROL,
  ENDPOINT,
  FEED,
  HISTORY_REQUEST,
  PANEL,
  PATCH,
  PATH,
  REPLACE,
  SOURCE_NAME,
  SOURCE_NAMES,
  TABS,
  WORKSPACE_NAME,
  WORKSPACE_TEXT,
  type Arg,
  type ArgValues,
} from './command-args';

/** The result type of a command (carried in the type only). */
interface Returns<R> {
  readonly returns?: R;
}

interface CommandSpec {
  readonly args: readonly Arg<unknown>[];
  readonly result: Returns<unknown>;
}

const returns = <R>(): Returns<R> => ({});

/** The alerts as the page shows them: rules (saved, then this run's --alert ones), states, log. */
export interface AlertsView {
  readonly rules: readonly AlertRule[];
  readonly states: Readonly<Record<string, AlertRuleState>>;
  /** Newest first. */
  readonly log: readonly AlertEvent[];
  /** The last `alert:states` change this view includes (`AlertStatesChange.version`). */
  readonly version: number;
}

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
