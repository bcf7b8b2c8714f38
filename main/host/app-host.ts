/**
 * The running app host: it holds the feed engine, the settings, the recorder and the replay
 * controller, and answers the renderer's commands after validating them; each part answers its
 * slice of the command table (./command-handlers.ts). Made by `createAppHost` (./host.ts),
 * which opens what it needs first.
 */
import type { AlertRule } from '../../protocol/alerts';
import type { Batch } from '../../protocol/batch';
import type { SavedMainWindow, SavedWindow } from '../../protocol/saved-windows';
import type { Checked } from '../../protocol/settings-check';
import { isCommandChannel, validateCommandArgs } from '../../protocol/commands';
import type { Notice, SettingsPatch } from '../../protocol/ipc';
import type { Settings } from '../../protocol/settings';
import type { BatchConsumer } from '../feed/batch-consumer';
import type { FeedEngine } from '../feed/engine-api';
import type { FeedEndpoints } from './feed-endpoints';
import type { Handlers } from './command-handlers';
import type { AppHost } from './host-api';
import { HostListeners, type HostEventListener } from './host-listeners';
import { HostRecording } from './host-recording';
import { HostReplay } from './host-replay';
import { HostSources } from './host-sources';
import { workspaceHandlers } from './workspace-commands';
import type { AlertLog } from '../alerts/alert-log';
import { HostAlerts } from './host-alerts';
import { withFiredStates } from './fired-rules';
import type { SettingsLock } from './settings-lock';
import type { SettingsStore } from './settings-store';
import type { WorkspaceStore } from './workspace-store';
import { pacedConsumer } from './paced-consumer';

export class Host implements AppHost {
  private readonly listeners = new HostListeners();
  private readonly recording: HostRecording;
  private readonly replay: HostReplay;
  private readonly handlers: Handlers;
  private readonly alerts: HostAlerts;
  private readonly sources: HostSources;

  constructor(
    private readonly engine: FeedEngine,
    private readonly settings: SettingsStore,
    defaultRecordingsDir: string,
    endpoints: FeedEndpoints,
    private readonly alertLog: AlertLog,
    alertRules: readonly AlertRule[],
    workspaces: WorkspaceStore,
    private readonly lock: SettingsLock,
  ) {
    const notify = (notice: Notice) => this.listeners.notify(notice);
    this.alerts = new HostAlerts(
      engine,
      settings,
      alertLog,
      alertRules,
      (event) => this.listeners.emit('alert:fired', event),
      (change) => this.listeners.emit('alert:states', change),
      notify,
    );
    // Read at each use: a changed setting applies to the next recording and the next list.
    const recordingsRoot = () => settings.current().recordingsDir ?? defaultRecordingsDir;
    this.recording = new HostRecording(engine, recordingsRoot, notify);
    this.sources = new HostSources(engine, settings, endpoints, (patch) => this.save(patch));
    this.replay = new HostReplay(engine, this.sources, notify);
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
      ...this.recording.handlers,
      ...this.replay.handlers,
      'alerts:get': () => this.alerts.view(),
      'alerts:save': (rule) => this.alerts.save(rule),
      'alerts:delete': (id) => this.alerts.delete(id),
      'alerts:clear-log': () => this.alerts.clearLog(),
      'alerts:export-csv': () => this.alerts.csv(),
      // A workspace's settings go the way the page's own changes go (addresses it names are
      // admitted first), in the live sources' queue.
      ...workspaceHandlers(
        workspaces,
        settings,
        async (next) => this.handlers['settings:update'](next),
        (apply, done) => sources.switchTo(apply, done),
      ),
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
    for (const notice of [...lock.notices, ...settings.notices, ...workspaces.notices])
      notify(notice);
  }

  /** Saves a change the page asked for and announces the result to every page. */
  private async save(patch: SettingsPatch): Promise<Settings> {
    const rules = patch.alerts;
    // A list of rules replacing the saved one (a workspace's) keeps the fired states the engine
    // keeps, read as the change applies: a fire saved just before it counts.
    const next = await (rules === undefined
      ? this.settings.update(patch)
      : this.settings.updateWith(({ alerts }) => ({
          ...patch,
          alerts: withFiredStates(rules, alerts),
        })));
    // Every page shows the saved settings: what one window selects or adds, the others follow.
    this.listeners.emit('settings:changed', next);
    return next;
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
    return pacedConsumer((paced) => this.engine.attach(paced), send);
  }

  async saveWindows(windows: readonly SavedWindow[]): Promise<void> {
    await this.settings.update({ windows });
  }

  async saveMainWindow(mainWindow: SavedMainWindow): Promise<void> {
    await this.settings.update({ mainWindow });
  }

  onEvent(listener: HostEventListener): () => void {
    return this.listeners.onEvent(listener);
  }

  async start(replay: string | null): Promise<void> {
    if (replay) return this.replay.openAtStart(replay);
    this.sources.liveStarted = true;
    try {
      await this.engine.start();
    } catch (err) {
      this.listeners.notify({
        level: 'error',
        message: `Could not connect to the saved feed: ${(err as Error).message}`,
      });
    }
  }

  async close(): Promise<void> {
    this.alerts.close();
    await this.recording.close();
    await this.replay.close();
    await this.engine.close();
    // Last: the engine fires no alert after it has closed.
    await this.alertLog.close();
    // Once nothing more is written: another host may now open the settings file.
    await this.lock.release();
  }
}

function desktopOnly(): never {
  throw new Error('pop-out windows need the desktop app; in browser mode the page opens a tab');
}
