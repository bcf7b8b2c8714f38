/**
 * The contract between the renderer and the process that hosts the feed engine (Electron's
 * main process, or the browser-mode web host). Channel maps are declared once here; the
 * preload, the IPC handlers, the web host and the renderer's bridge derive their types from
 * them. Commands flow renderer -> host; batches flow host -> renderer on their own path.
 */
import type { Batch, BarIntervalMs, RecordingStatus, ReplayStatus } from './batch';

/** Colour theme. */
export type Theme = 'dark' | 'light';

/** Sliding window of the live price chart, minutes. */
export type ChartWindowMin = 1 | 5 | 15;

/** Watchlist columns a user may show or hide; the instrument column is always shown. */
export const WATCHLIST_COLUMNS = [
  'last',
  'change',
  'changePct',
  'bidAsk',
  'bidSize',
  'askSize',
  'spread',
  'volume',
  'trend',
] as const;
export type WatchlistColumn = (typeof WATCHLIST_COLUMNS)[number];

/** Most instrument ids a watchlist keeps pinned, or removed (bounds the settings file). */
export const MAX_WATCHLIST_IDS = 500;

/** User settings, persisted by the host as validated JSON. */
export interface Settings {
  /**
   * Where to get data: null for the embedded simulator, a `ws://`/`wss://` URL for a server
   * speaking the Tickdeck protocol, or `<exchange>:<symbols>` for a public exchange feed.
   */
  readonly feed: string | null;
  /** Overrides an exchange feed's default endpoint (regional endpoints, proxies, tests). */
  readonly feedEndpoint: string | null;
  /** Batches per second the engine sends the renderer. */
  readonly batchHz: number;
  readonly theme: Theme;
  readonly chartWindowMin: ChartWindowMin;
  readonly barIntervalMs: BarIntervalMs;
  /** Instruments charted side by side, in order (at most {@link MAX_FOCUSED}). */
  readonly focused: readonly string[];
  /** Watchlist columns shown, in display order. */
  readonly watchlistColumns: readonly WatchlistColumn[];
  /** Instruments kept at the top of the watchlist, in order. */
  readonly pinned: readonly string[];
  /** Instruments removed from the watchlist (the feed still carries them; they can be added back). */
  readonly hidden: readonly string[];
}

/** Most instruments charted side by side. */
export const MAX_FOCUSED = 4;
/** Allowed batch rates, per second. */
export const BATCH_HZ_MIN = 1;
export const BATCH_HZ_MAX = 120;

/** Settings a first launch starts with. */
export const DEFAULT_SETTINGS: Settings = {
  feed: null,
  feedEndpoint: null,
  batchHz: 30,
  theme: 'dark',
  chartWindowMin: 5,
  barIntervalMs: 5_000,
  focused: [],
  watchlistColumns: ['last', 'change', 'changePct', 'bidAsk', 'volume', 'trend'],
  pinned: [],
  hidden: [],
};

/** A change to some settings. */
export type SettingsPatch = Partial<Settings>;

/** Replay transport controls. */
export type ReplayControl =
  | { readonly action: 'play' }
  | { readonly action: 'pause' }
  | { readonly action: 'step' }
  | { readonly action: 'seek'; readonly to: number }
  | { readonly action: 'speed'; readonly speed: number }
  | { readonly action: 'loop'; readonly loop: boolean }
  | { readonly action: 'range'; readonly from: number; readonly to: number };

/** Something the host wants the user to read (a corrupt settings file, a failed save...). */
export interface Notice {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
}

/**
 * Renderer -> host requests, each answered once. The host validates the sender and every
 * argument before acting (see `validateCommandArgs` in `./commands`).
 */
export interface Commands {
  /** Connect to a feed (see {@link Settings.feed}); null means the embedded simulator. */
  'feed:connect': (feed: string | null) => void;
  'feed:disconnect': () => void;
  'settings:get': () => Settings;
  'settings:update': (patch: SettingsPatch) => Settings;
  'recording:start': () => RecordingStatus;
  'recording:stop': () => RecordingStatus;
  /** Opens a recording folder for replay. */
  'replay:open': (path: string) => ReplayStatus;
  /** Desktop only: shows a folder picker, then opens the choice; null when cancelled. */
  'replay:choose': () => ReplayStatus | null;
  'replay:control': (control: ReplayControl) => ReplayStatus;
  /** Leaves replay and goes back to the configured feed. */
  'replay:close': () => void;
}

/** A command channel name, `domain:verb`. */
export type CommandChannel = keyof Commands;
/** Arguments of a command. */
export type CommandArgs<C extends CommandChannel> = Parameters<Commands[C]>;
/** Result of a command. */
export type CommandResult<C extends CommandChannel> = ReturnType<Commands[C]>;

/** Host -> renderer events other than batches. */
export interface HostEvents {
  'app:notice': Notice;
  /** The host asks the renderer to show something (e.g. a menu item was chosen). */
  'app:menu': 'open-recording' | 'toggle-recording' | 'about';
}

/** A host event channel name. */
export type HostEventChannel = keyof HostEvents;

/** Electron IPC channel on which main transfers the batch `MessagePort` to the page. */
export const BATCH_PORT_CHANNEL = 'batch:port';

/** Page -> host message on the batch port (Electron) or socket (browser mode). */
export interface BatchAck {
  readonly type: 'ack';
  readonly seq: number;
}

/** The API object the renderer sees, whatever hosts it (Electron preload or browser bridge). */
export interface TickdeckApi {
  invoke<C extends CommandChannel>(channel: C, ...args: CommandArgs<C>): Promise<CommandResult<C>>;
  /** Receives batches; call `ack(batch.seq)` when drawn to receive the next. Returns unsubscribe. */
  onBatch(listener: (batch: Batch) => void): () => void;
  ack(seq: number): void;
  on<E extends HostEventChannel>(
    channel: E,
    listener: (payload: HostEvents[E]) => void,
  ): () => void;
  /** Which host this is: desktop has menus and file pickers, web does not. */
  readonly host: 'desktop' | 'web';
  /**
   * Desktop only: the filesystem path of a file or folder dropped on the page (a DOM `File`;
   * typed loosely so this contract needs no DOM types). Browser pages never learn paths.
   */
  pathForFile?(file: unknown): string;
}
