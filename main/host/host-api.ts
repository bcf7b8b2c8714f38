/**
 * What the app host offers the process that runs it (Electron's main process, the browser-mode
 * web host, tests and benchmarks), and the options it is created with (./host.ts).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AlertRule } from '../../protocol/alerts';
import type { Batch } from '../../protocol/batch';
import type { SavedMainWindow, SavedWindow } from '../../protocol/saved-windows';
import type { Checked } from '../../protocol/settings-check';
import type { SettingsPatch } from '../../protocol/ipc';
import type { SimulatorOptions } from '../../feed-simulator/index';
import type { BatchConsumer } from '../feed/batch-consumer';
import type { ConfirmEndpoint } from './feed-endpoints';
import type { HostEventListener } from './host-listeners';

/**
 * A start the user's own choices refuse (the settings file held by another host, an unknown
 * `--workspace`, an `--alert` on a source the run lacks): said in one line, with no stack, and
 * exit code 2, as a bad flag is.
 */
export class StartError extends Error {}

/** Where recordings go unless the host is told otherwise. */
export const DEFAULT_RECORDINGS_DIR = join(homedir(), 'Tickdeck recordings');

/** Options of `createAppHost` (./host.ts). */
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
