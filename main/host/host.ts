/**
 * The app host: the Electron-free core both hosts share (Electron's main process and the
 * browser-mode web host). It owns the feed engine, the settings, the recorder and the replay
 * controller, and answers the renderer's commands after validating them.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Batch } from '../../protocol/batch';
import type { Checked } from '../../protocol/commands';
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
import type { SimulatorOptions } from '../../feed-simulator/index';
import { exchangeProtocol } from '../feed/adapters/exchange-protocol';
import { exchangeFrameTranslator } from '../feed/adapters/replay-translator';
import type { BatchConsumer, FeedEngine } from '../feed/engine';
import { createFeedEngine } from '../feed/engine';
import { Recorder } from './recorder';
import { ReplayController } from './replay-controller';
import type { SettingsStore } from './settings-store';
import { openSettingsStore } from './settings-store';

/** Where recordings go unless the host is told otherwise. */
export const DEFAULT_RECORDINGS_DIR = join(homedir(), 'Tickdeck recordings');

/** Options of {@link createAppHost}. */
export interface HostOptions {
  /** Settings file; null keeps settings in memory for this run. */
  readonly settingsPath: string | null;
  /** Command-line settings for this run only. */
  readonly overrides?: SettingsPatch;
  /** A recording folder to open for replay at start. */
  readonly replay?: string | null;
  /** Options of the embedded simulator. */
  readonly simulator?: SimulatorOptions;
  /** Folder new recordings go in when the `recordingsDir` setting names none. */
  readonly recordingsDir?: string;
}

type HostEventListener = (channel: HostEventChannel, payload: HostEvents[HostEventChannel]) => void;

/** What a host process (Electron or web) drives. */
export interface AppHost {
  /** Runs a renderer command after validating the channel and arguments. */
  invoke(channel: string, args: readonly unknown[]): Promise<Checked<unknown>>;
  /** Adds a batch consumer (pull-based: ack each batch to receive the next). */
  attach(send: (batch: Batch) => void): BatchConsumer;
  /** Host events; notices raised before the first listener are delivered to it. */
  onEvent(listener: HostEventListener): () => void;
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

  constructor(
    private readonly engine: FeedEngine,
    private readonly settings: SettingsStore,
    defaultRecordingsDir: string,
  ) {
    this.recorder = new Recorder({
      engine,
      // Read at each start: a changed setting applies to the next recording.
      root: () => settings.current().recordingsDir ?? defaultRecordingsDir,
      source: () => engine.health().source.label,
      feed: () => {
        const source = engine.health().source;
        return source.kind === 'exchange' ? source.label : null;
      },
      onError: (message) => this.notify({ level: 'error', message }),
    });
    this.replay = new ReplayController({
      engine,
      translate: exchangeFrameTranslator,
      onWarning: (message) => this.notify({ level: 'warning', message }),
    });
    this.handlers = {
      'feed:connect': async (feed) => {
        await this.replay.close();
        await this.engine.connect(feed);
        await this.settings.update({ feed });
      },
      'feed:disconnect': () => this.engine.disconnect(),
      'settings:get': () => this.settings.current(),
      'settings:update': async (patch) => {
        const next = await this.settings.update(patch);
        if (patch.batchHz !== undefined) this.engine.setBatchHz(patch.batchHz);
        // Applies from the next connect; the source picker saves it, then connects.
        if (patch.feedEndpoint !== undefined) this.engine.setFeedEndpoint(patch.feedEndpoint);
        return next;
      },
      'recording:start': () => this.recorder.start(),
      'recording:stop': () => this.recorder.stop(),
      'replay:open': (path) => this.replay.open(path),
      'replay:choose': () => {
        throw new Error(
          'choosing a folder needs the desktop app; in browser mode start with --replay <dir>',
        );
      },
      'replay:control': (control) => this.replay.control(control),
      'replay:close': async () => {
        await this.replay.close();
        await this.engine.connect(this.settings.current().feed);
      },
      'depth:select': (id, levels) => this.engine.selectDepth(id === null ? null : { id, levels }),
    };
    for (const notice of settings.notices) this.notify(notice);
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

  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    for (const notice of this.undelivered.splice(0)) listener('app:notice', notice);
    return () => this.listeners.delete(listener);
  }

  notify(notice: Notice): void {
    if (this.listeners.size === 0) this.undelivered.push(notice);
    for (const listener of this.listeners) listener('app:notice', notice);
  }

  async start(replay: string | null): Promise<void> {
    if (replay) {
      try {
        await this.replay.open(replay);
        return;
      } catch (err) {
        this.notify({
          level: 'error',
          message: `Could not open the recording: ${(err as Error).message}`,
        });
      }
    }
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
    await this.recorder
      .close()
      .catch((err: unknown) => console.error('tickdeck: recording not flushed:', err));
    await this.replay.close().catch(() => undefined);
    await this.engine.close();
  }
}

/** Loads settings, starts the engine (or the replay) and returns the running host. */
export async function createAppHost(options: HostOptions): Promise<AppHost> {
  const settings = await openSettingsStore(options.settingsPath, options.overrides);
  const current = settings.current();
  const engine = createFeedEngine({
    feed: current.feed,
    feedEndpoint: current.feedEndpoint,
    batchHz: current.batchHz,
    simulator: options.simulator,
    exchanges: exchangeProtocol,
  });
  const host = new Host(engine, settings, options.recordingsDir ?? DEFAULT_RECORDINGS_DIR);
  await host.start(options.replay ?? null);
  return host;
}
