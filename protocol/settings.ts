/**
 * The user's settings: their shape, bounds and first-launch defaults. The host persists them as
 * validated JSON (see `./settings-check`). Two fields' shapes have modules of their own: what a
 * chart carries (`./chart-setup`) and the panels' sizes (`./panel-sizes`).
 */
import type { AlertRule } from './alerts';
import type { BarIntervalMs } from './batch';
import type { ChartSetup } from './chart-setup';
import type { PanelSizes } from './panel-sizes';
import type { SavedMainWindow, SavedWindow } from './saved-windows';

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
  /**
   * Instruments charted, in order (at most {@link MAX_FOCUSED}); the chart grid shows the first
   * `chartGrid` of them.
   */
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
   * Two or more charted instruments are drawn on one chart in % from a common start (true), or
   * each in its own column (false).
   */
  readonly compareOverlay: boolean;
  /** Indicators and price lines per instrument id, kept when the instrument is not charted. */
  readonly chartSetups: Readonly<Record<string, ChartSetup>>;
  /**
   * Alert rules (at most `MAX_ALERT_RULES`, protocol/limits.ts). Read rule by rule: a bad one is reported by
   * its id and skipped, the others load.
   */
  readonly alerts: readonly AlertRule[];
  /** How many chart cells the chart area holds; also how many instruments can be charted. */
  readonly chartGrid: ChartGrid;
  /** Sizes the user gave the main window's panels by dragging their dividers. */
  readonly panels: PanelSizes;
  /**
   * The popped-out windows (at most `MAX_SAVED_WINDOWS`, ./saved-windows.ts). Read entry by
   * entry: a bad one is reported and skipped. Desktop app: reopened at start where they were,
   * saved by the app as windows open, move and close, never by the page. Browser mode: the
   * page's pop-out tabs, saved by the main page (`window:tabs`) and offered back on its next
   * load.
   */
  readonly windows: readonly SavedWindow[];
  /** The page plays a short tone when a live alert fires (off by default). */
  readonly alertSound: boolean;
  /**
   * Browser mode: the user turned the browser's notifications of live alerts on (off by
   * default). A page loaded again takes them on only while the browser still allows them.
   */
  readonly alertNotifications: boolean;
  /**
   * Several sources at once (at most `MAX_SOURCES`, protocol/source-names.ts), in the order
   * added; empty for one source, which `feed` and `feedEndpoint` then name (the form settings
   * files had before, so they read unchanged). A change to `feed` alone goes back to that one
   * source. Read entry by entry: a bad entry is reported and skipped.
   */
  readonly feeds: readonly FeedChoice[];
  /**
   * Desktop app: where the main window was (bounds, display, maximized), reopened there at
   * start, or on the primary display, wholly visible, when that display is gone; null until
   * first saved. Saved by the app as the window moves and closes, never by the page; a
   * workspace carries it.
   */
  readonly mainWindow: SavedMainWindow | null;
  /**
   * Sources that have left the saved list, each with its feed and the name it had (at most
   * `MAX_RETIRED_SOURCES`, ./retired-sources.ts), so that no other feed is given that name while
   * anything saved may still refer to it. Kept by the host as sources leave, never by the page;
   * the machine's, not a workspace's.
   */
  readonly retiredSources: readonly (FeedChoice & { readonly name: string })[];
}

/** Chart cells the chart area can hold: 1, 2 side by side, 2 × 2, 3 × 2. */
export const CHART_GRIDS = [1, 2, 4, 6] as const;
export type ChartGrid = (typeof CHART_GRIDS)[number];

/** Most instruments charted at once: the largest chart grid. */
export const MAX_FOCUSED = 6;
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
  compareOverlay: false,
  chartSetups: {},
  alerts: [],
  chartGrid: 2,
  panels: {
    watchlistPx: null,
    depthPx: null,
    tapePx: null,
    sportsPx: null,
    sportsFolded: false,
    alertsFolded: true,
  },
  windows: [],
  alertSound: false,
  alertNotifications: false,
  feeds: [],
  mainWindow: null,
  retiredSources: [],
};

/** A change to some settings. */
export type SettingsPatch = Partial<Settings>;

/** One source of several: a feed choice (the `feed` grammar) and its endpoint override. */
export interface FeedChoice {
  readonly feed: string | null;
  readonly endpoint: string | null;
  /**
   * The source's name, the prefix of its instruments' ids, saved so that it keeps it across
   * restarts whatever the order of the others (./feed-names.ts); a list read from a file has one
   * on every source, a source without one gets the first free name of its kind.
   */
  readonly name?: string;
}

/** The sources the settings choose, in order: `feeds`, or the one `feed` when it is empty. */
export function feedChoices(settings: Settings): readonly FeedChoice[] {
  return settings.feeds.length > 0
    ? settings.feeds
    : [{ feed: settings.feed, endpoint: settings.feedEndpoint }];
}
