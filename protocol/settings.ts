/**
 * The user's settings: their shape, bounds and first-launch defaults. The host persists them as
 * validated JSON (see `checkSettingsPatch` and `readSettings` in `./commands`).
 */
import type { AlertRule } from './alerts';
import type { BarIntervalMs } from './batch';

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
  /**
   * Absolute path of the folder new recordings go in (one sub-folder each); null for the
   * default, `Tickdeck recordings` in the home folder. Set in the settings file or with
   * `--recordings-dir`, never by the page: a page must not choose where the host writes files.
   */
  readonly recordingsDir: string | null;
  /**
   * Alert rules (at most `MAX_ALERT_RULES`, protocol/limits.ts). Read rule by rule: a bad one is reported by
   * its id and skipped, the others load.
   */
  readonly alerts: readonly AlertRule[];
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
  recordingsDir: null,
  alerts: [],
};

/** A change to some settings. */
export type SettingsPatch = Partial<Settings>;
