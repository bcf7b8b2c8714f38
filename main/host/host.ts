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
import type { HostEventChannel, HostEvents, Notice, SettingsPatch } from '../../protocol/ipc';
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
import type { Handlers } from './command-handlers';
import { HostSources } from './host-sources';
import { workspaceHandlers } from './workspace-commands';
import type { AlertLog } from '../alerts/alert-log';
import { openAlertLog } from '../alerts/alert-log';
import { HostAlerts } from './host-alerts';
import { Recorder } from './recorder';
import { ReplayController } from './replay-controller';
import { isNatsReplay } from '../../protocol/feed-target';
import { openNatsReplay, type NatsReplayCopy } from './nats-replay';
import type { SettingsStore } from './settings-store';
import { openSettingsStore } from './settings-store';
import type { WorkspaceSettings } from '../../protocol/workspace';
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

class Host implements AppHost {
  private readonly listeners = new Set<HostEventListener>();
  private readonly undelivered: Notice[] = [];
  private readonly recorder: Recorder;
  private readonly replay: ReplayController;
  private readonly handlers: Handlers;
  private readonly alerts: HostAlerts;
  private readonly sources: HostSources;
  /** The temporary copy a `--replay nats://...` plays, removed at close. */
  private natsCopy: NatsReplayCopy | null = null;

  constructor(
    private readonly engine: FeedEngine,
    private readonly settings: SettingsStore,
    defaultRecordingsDir: string,
    endpoints: FeedEndpoints,
    private readonly alertLog: AlertLog,
    alertRules: readonly AlertRule[],
    workspaces: WorkspaceStore,
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
    this.sources = new HostSources(engine, settings, endpoints, (patch) => this.save(patch));
    const sources = this.sources;
    this.handlers = {
      ...sources.handlers,
      'settings:get': () => this.settings.current(),
      'settings:update': async (patch) => {
        await sources.admit(patch.feed ?? null, patch.feedEndpoint ?? null);
        for (const choice of patch.feeds ?? []) await sources.admit(choice.feed, choice.endpoint);
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
        if (!sources.liveStarted) await sources.connectChosen();
      },
      'alerts:get': () => this.alerts.view(),
      'alerts:save': (rule) => this.alerts.save(rule),
      'alerts:delete': (id) => this.alerts.delete(id),
      'alerts:clear-log': () => this.alerts.clearLog(),
      'alerts:export-csv': () => this.alerts.csv(),
      ...workspaceHandlers(workspaces, settings, (next) => this.applyWorkspace(next)),
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
    if (sources(before) !== sources(this.settings.current())) await this.sources.connectChosen();
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
    this.sources.liveStarted = true;
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
