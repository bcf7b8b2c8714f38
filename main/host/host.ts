/**
 * The app host: the Electron-free core both hosts share (Electron's main process and the
 * browser-mode web host). It owns the feed engine, the settings, the recorder and the replay
 * controller, and answers the renderer's commands after validating them.
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AlertRule } from '../../protocol/alerts';
import type { Batch } from '../../protocol/batch';
import type { SavedMainWindow, SavedWindow } from '../../protocol/saved-windows';
import type { Checked } from '../../protocol/settings-check';
import { isCommandChannel, validateCommandArgs } from '../../protocol/commands';
import type {
  CommandArgs,
  CommandChannel,
  CommandResult,
  HostEventChannel,
  HostEvents,
  Notice,
  SettingsPatch,
} from '../../protocol/ipc';
import { MAX_RECENT_RECORDINGS } from '../../protocol/ipc';
import { feedChoices, type Settings } from '../../protocol/settings';
import { listRecordings } from '../../recording/index';
import type { SimulatorOptions } from '../../feed-simulator/index';
import { exchangeProtocol } from '../feed/adapters/exchange-protocol';
import { exchangeFrameTranslator } from '../feed/adapters/replay-translator';
import type { BatchConsumer, FeedEngine } from '../feed/engine';
import { createEngine } from '../feed/engine-thread';
import type { ConfirmEndpoint } from './feed-endpoints';
import { FeedEndpoints, feedAddress } from './feed-endpoints';
import type { AlertLog } from '../alerts/alert-log';
import { openAlertLog } from '../alerts/alert-log';
import { HostAlerts } from './host-alerts';
import { Recorder } from './recorder';
import { ReplayController } from './replay-controller';
import { isNatsReplay } from '../../protocol/feed-target';
import { openNatsReplay, type NatsReplayCopy } from './nats-replay';
import type { SettingsStore } from './settings-store';
import { openSettingsStore } from './settings-store';
import { parseWorkspaceFile, workspaceFileText } from '../../protocol/workspace-file';
import { workspaceSettingsOf, type WorkspaceSettings } from '../../protocol/workspace';
import type { WorkspaceStore } from './workspace-store';
import { WORKSPACES_FILE, openWorkspaceStore } from './workspace-store';

/** Where recordings go unless the host is told otherwise. */
export const DEFAULT_RECORDINGS_DIR = join(homedir(), 'Tickdeck recordings');

/** Options of {@link createAppHost}. */
export interface HostOptions {
  /** Settings file; null keeps settings in memory for this run. */
  readonly settingsPath: string | null;
  /** Command-line settings for this run only. */
  readonly overrides?: SettingsPatch;
  /** A recording folder, or a `nats://.../<source>?from=&to=` history, to replay at start. */
  readonly replay?: string | null;
  /** Options of the embedded simulator. */
  readonly simulator?: SimulatorOptions;
  /** Folder new recordings go in when the `recordingsDir` setting names none. */
  readonly recordingsDir?: string;
  /**
   * Asks the user, outside the page, before the page points the engine at an address they did
   * not choose on the command line or in the settings file; without it such requests are
   * refused (see ./feed-endpoints).
   */
  readonly confirmEndpoint?: ConfirmEndpoint;
  /** Alert rules for this run only (`--alert`). */
  readonly alertRules?: readonly AlertRule[];
  /**
   * A saved workspace to start in (`--workspace`): its settings are saved as the settings and
   * it becomes the current workspace. An unknown name rejects, listing the saved ones.
   */
  readonly workspace?: string;
}

/** The alert log's file name, beside the settings file. */
export const ALERT_LOG_FILE = 'alerts-log.ndjson';

type HostEventListener = (channel: HostEventChannel, payload: HostEvents[HostEventChannel]) => void;

/** What a host process (Electron or web) drives. */
export interface AppHost {
  /** Runs a renderer command after validating the channel and arguments. */
  invoke(channel: string, args: readonly unknown[]): Promise<Checked<unknown>>;
  /** Adds a batch consumer (pull-based: at most `FLOW_WINDOW` batches unacknowledged). */
  attach(send: (batch: Batch) => void): BatchConsumer;
  /** Host events; notices raised before the first listener are delivered to it. */
  onEvent(listener: HostEventListener): () => void;
  /** Desktop app: saves the popped-out windows (`Settings.windows`), which the page may not. */
  saveWindows(windows: readonly SavedWindow[]): Promise<void>;
  /** Desktop app: saves where the main window is (`Settings.mainWindow`), which the page may not. */
  saveMainWindow(mainWindow: SavedMainWindow): Promise<void>;
  /** Flushes a recording in progress, closes the replay and every socket. */
  close(): Promise<void>;
}

type Handlers = {
  readonly [C in CommandChannel]: (
    ...args: CommandArgs<C>
  ) => Promise<CommandResult<C>> | CommandResult<C>;
};

class Host implements AppHost {
  private readonly listeners = new Set<HostEventListener>();
  private readonly undelivered: Notice[] = [];
  private readonly recorder: Recorder;
  private readonly replay: ReplayController;
  private readonly handlers: Handlers;
  private readonly alerts: HostAlerts;
  /** The temporary copy a `--replay nats://...` plays, removed at close. */
  private natsCopy: NatsReplayCopy | null = null;
  /**
   * False while the app runs a replay it was started with (`--replay`) and no live source yet:
   * closing that replay connects the chosen feeds. Otherwise a replay runs beside them.
   */
  private liveStarted = false;

  constructor(
    private readonly engine: FeedEngine,
    private readonly settings: SettingsStore,
    defaultRecordingsDir: string,
    private readonly endpoints: FeedEndpoints,
    private readonly alertLog: AlertLog,
    alertRules: readonly AlertRule[],
    private readonly workspaces: WorkspaceStore,
  ) {
    // Read at each use: a changed setting applies to the next recording and the next list.
    const recordingsRoot = () => settings.current().recordingsDir ?? defaultRecordingsDir;
    this.alerts = new HostAlerts(
      engine,
      settings,
      alertLog,
      alertRules,
      (event) => this.emit('alert:fired', event),
      (change) => this.emit('alert:states', change),
      (message) => this.notify({ level: 'error', message }),
    );
    // A source's own label when several are shown; with one, the health's source is it.
    const sourceOf = (name: string) => {
      const health = engine.health();
      return health.sources?.find((s) => s.name === name)?.source ?? health.source;
    };
    this.recorder = new Recorder({
      engine,
      root: recordingsRoot,
      source: (name) => sourceOf(name).label,
      feed: (name) => {
        const source = sourceOf(name);
        return source.kind === 'exchange' ? source.label : null;
      },
      onError: (message) => this.notify({ level: 'error', message }),
      onWarning: (message) => this.notify({ level: 'warning', message }),
    });
    this.replay = new ReplayController({
      engine,
      translate: exchangeFrameTranslator,
      onWarning: (message) => this.notify({ level: 'warning', message }),
    });
    this.handlers = {
      'feed:connect': async (feed) => {
        await this.admit(feed, null);
        // Switches the live source; a replay open beside it stays open.
        this.liveStarted = true;
        await this.engine.connect(feed);
        await this.save({ feed });
      },
      'feed:disconnect': () => this.engine.disconnect(),
      'settings:get': () => this.settings.current(),
      'settings:update': async (patch) => {
        await this.admit(patch.feed ?? null, patch.feedEndpoint ?? null);
        for (const choice of patch.feeds ?? []) await this.admit(choice.feed, choice.endpoint);
        const next = await this.save(patch);
        if (patch.batchHz !== undefined) this.engine.setBatchHz(patch.batchHz);
        // Applies from the next connect; the source picker saves it, then connects.
        if (patch.feedEndpoint !== undefined) this.engine.setFeedEndpoint(patch.feedEndpoint);
        if (patch.alerts !== undefined) this.alerts.apply();
        return next;
      },
      // Every live source, one stream each, is recorded; a replay beside them is not (a replay
      // the app was started with, alone, is recorded as before).
      'recording:start': () => this.recorder.start(),
      'recording:start-sources': (names) => this.recorder.start(undefined, names),
      'recording:stop': () => this.recorder.stop(),
      'recording:list': () => listRecordings(recordingsRoot(), MAX_RECENT_RECORDINGS),
      'replay:open': (path) => this.replay.open(path),
      'replay:choose': () => {
        throw new Error(
          'choosing a folder needs the desktop app; in browser mode start with --replay <dir>',
        );
      },
      'replay:control': (control) => this.replay.control(control),
      'replay:close': async () => {
        await this.replay.close();
        // The live sources ran on beside the replay; only a replay opened alone left none.
        if (!this.liveStarted) await this.connectChosen();
      },
      'alerts:get': () => this.alerts.view(),
      'alerts:save': (rule) => this.alerts.save(rule),
      'alerts:delete': (id) => this.alerts.delete(id),
      'alerts:clear-log': () => this.alerts.clearLog(),
      'alerts:export-csv': () => this.alerts.csv(),
      'workspace:list': () => workspaces.view(),
      'workspace:save': (name, replace) =>
        workspaces.save(name, workspaceSettingsOf(settings.current()), replace),
      'workspace:rename': (from, to) => workspaces.rename(from, to),
      'workspace:duplicate': (from, to) => workspaces.duplicate(from, to),
      'workspace:delete': (name) => workspaces.delete(name),
      'workspace:switch': async (name) => {
        await this.applyWorkspace(workspaces.get(name).settings);
        return { settings: settings.current(), workspaces: await workspaces.setCurrent(name) };
      },
      'workspace:export': (name) => workspaceFileText(workspaces.get(name)),
      'workspace:import': (text) => this.importWorkspace(text),
      'workspace:export-choose': () => {
        throw new Error('a save dialog needs the desktop app; in browser mode use Export');
      },
      'workspace:import-choose': () => {
        throw new Error('an open dialog needs the desktop app; in browser mode use Import');
      },
      // main/electron/ipc.ts answers these in the desktop app; the browser page opens tabs.
      'window:popout': () => desktopOnly(),
      'window:dock': () => desktopOnly(),
      'window:list': () => desktopOnly(),
      // Browser mode (the desktop app answers it in main/electron/ipc.ts, refusing): the tabs the
      // page offers back after a reload. Not announced: no other page shows them.
      'window:tabs': async (windows) => {
        await this.settings.update({ windows });
      },
      'history:prices': (request) => this.engine.priceHistory(request),
      'feed:add': async (feed, endpoint) => {
        await this.admit(feed, endpoint);
        const name = await this.engine.addSource(feed, endpoint);
        const feeds = [...feedChoices(this.settings.current()), { feed, endpoint }];
        await this.save({ feeds });
        return name;
      },
      'feed:remove': async (name) => {
        // The saved list is the engine's sources in order; their names come from the engine (a
        // source keeps its name when an earlier one goes, so the list cannot name them again).
        const index = this.engine.sourceNames().indexOf(name);
        await this.engine.removeSource(name);
        const feeds = feedChoices(this.settings.current()).filter((_, i) => i !== index);
        // Down to one: back to the single-source form (no `feeds`, no prefixes).
        await this.save(
          feeds.length === 1
            ? { feed: feeds[0]!.feed, feedEndpoint: feeds[0]!.endpoint, feeds: [] }
            : { feeds },
        );
      },
    };
    for (const notice of [...settings.notices, ...workspaces.notices]) this.notify(notice);
  }

  /** Saves a change the page asked for and announces the result to every page. */
  private async save(patch: SettingsPatch): Promise<Settings> {
    const next = await this.settings.update(patch);
    // Every page shows the saved settings: what one window selects or adds, the others follow.
    this.emit('settings:changed', next);
    return next;
  }

  /**
   * Puts a workspace's settings in use the way the page's own changes go (addresses it names
   * are admitted first), then reconnects when it names another feed.
   */
  private async applyWorkspace(next: WorkspaceSettings): Promise<void> {
    const before = this.settings.current();
    await this.handlers['settings:update'](next);
    const sources = (s: Settings) => JSON.stringify(feedChoices(s));
    if (sources(before) !== sources(this.settings.current())) await this.connectChosen();
  }

  /** Adds the workspace in a file's text; refused whole, writing nothing, when unreadable. */
  async importWorkspace(text: string) {
    const parsed = parseWorkspaceFile(text);
    if (!parsed.ok) throw new Error(`workspace not imported: ${parsed.error}`);
    const { workspace, problems } = parsed.value;
    const workspaces = await this.workspaces.add(workspace).catch((err: unknown) => {
      throw new Error(`workspace not imported: ${(err as Error).message}`, { cause: err });
    });
    return { name: workspace.name, problems, workspaces };
  }

  /** Connects the sources the settings choose, in place of the live ones (a replay stays). */
  private async connectChosen(): Promise<void> {
    this.liveStarted = true;
    const [first, ...more] = feedChoices(this.settings.current());
    this.engine.setFeedEndpoint(first!.endpoint);
    await this.engine.connect(first!.feed);
    for (const choice of more) await this.engine.addSource(choice.feed, choice.endpoint);
  }

  /** Rejects unless the user chose the addresses the page names (see ./feed-endpoints). */
  private async admit(feed: string | null, feedEndpoint: string | null): Promise<void> {
    const address = feedAddress(feed);
    if (address !== null) await this.endpoints.admit(address);
    if (feedEndpoint !== null) await this.endpoints.admit(feedEndpoint);
  }

  async invoke(channel: string, args: readonly unknown[]): Promise<Checked<unknown>> {
    if (!isCommandChannel(channel))
      return { ok: false, error: `unknown command "${String(channel)}"` };
    const checked = validateCommandArgs(channel, args);
    if (!checked.ok) return checked;
    try {
      const handler = this.handlers[channel] as (...a: readonly unknown[]) => unknown;
      return { ok: true, value: (await handler(...checked.value)) ?? null };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  attach(send: (batch: Batch) => void): BatchConsumer {
    return this.engine.attach(send);
  }

  async saveWindows(windows: readonly SavedWindow[]): Promise<void> {
    await this.settings.update({ windows });
  }

  async saveMainWindow(mainWindow: SavedMainWindow): Promise<void> {
    await this.settings.update({ mainWindow });
  }

  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    for (const notice of this.undelivered.splice(0)) listener('app:notice', notice);
    return () => this.listeners.delete(listener);
  }

  /** A host event other than a notice; dropped when no page or window listens. */
  private emit<E extends HostEventChannel>(channel: E, payload: HostEvents[E]): void {
    for (const listener of this.listeners) listener(channel, payload);
  }

  notify(notice: Notice): void {
    if (this.listeners.size === 0) this.undelivered.push(notice);
    for (const listener of this.listeners) listener('app:notice', notice);
  }

  async start(replay: string | null): Promise<void> {
    if (replay) {
      try {
        if (isNatsReplay(replay)) {
          this.natsCopy = await openNatsReplay(this.replay, replay);
          if (this.natsCopy.truncated)
            this.notify({
              level: 'warning',
              message: 'The NATS history was cut at 5,000,000 messages',
            });
        } else await this.replay.open(replay);
        return;
      } catch (err) {
        this.notify({
          level: 'error',
          message: `Could not open the recording: ${(err as Error).message}`,
        });
      }
    }
    this.liveStarted = true;
    try {
      await this.engine.start();
    } catch (err) {
      this.notify({
        level: 'error',
        message: `Could not connect to the saved feed: ${(err as Error).message}`,
      });
    }
  }

  async close(): Promise<void> {
    this.alerts.close();
    await this.recorder
      .close()
      .catch((err: unknown) => console.error('tickdeck: recording not flushed:', err));
    await this.replay.close().catch(() => undefined);
    await this.natsCopy?.remove();
    await this.engine.close();
    // Last: the engine fires no alert after it has closed.
    await this.alertLog.close();
  }
}

function desktopOnly(): never {
  throw new Error('pop-out windows need the desktop app; in browser mode the page opens a tab');
}

/** Loads settings, starts the engine (or the replay) and returns the running host. */
export async function createAppHost(options: HostOptions): Promise<AppHost> {
  const beside = (file: string) =>
    options.settingsPath === null ? null : join(dirname(options.settingsPath), file);
  const workspaces = await openWorkspaceStore(beside(WORKSPACES_FILE));
  // The command line's choice, so saved as the settings before this run's overrides apply.
  let start;
  try {
    start = options.workspace === undefined ? undefined : workspaces.get(options.workspace);
  } catch (err) {
    throw new Error(`--workspace: ${(err as Error).message}`, { cause: err });
  }
  const settings = await openSettingsStore(
    options.settingsPath,
    options.overrides,
    start?.settings,
  );
  if (start) await workspaces.setCurrent(start.name);
  const current = settings.current();
  const choices = feedChoices(current);
  const engine = createEngine({
    feed: current.feed,
    feedEndpoint: current.feedEndpoint,
    ...(choices.length > 1 && { feeds: choices }),
    batchHz: current.batchHz,
    simulator: options.simulator,
    exchanges: exchangeProtocol,
  });
  // The settings file and the flags are the user's own choices; the page's must be confirmed.
  const endpoints = new FeedEndpoints(
    [
      feedAddress(current.feed),
      current.feedEndpoint,
      ...choices.flatMap((c) => [feedAddress(c.feed), c.endpoint]),
    ],
    options.confirmEndpoint ?? null,
  );
  const alertLog = await openAlertLog(beside(ALERT_LOG_FILE));
  const host = new Host(
    engine,
    settings,
    options.recordingsDir ?? DEFAULT_RECORDINGS_DIR,
    endpoints,
    alertLog,
    options.alertRules ?? [],
    workspaces,
  );
  await host.start(options.replay ?? null);
  return host;
}
