/**
 * The contract between the renderer and the process that hosts the feed engine (Electron's
 * main process, or the browser-mode web host). The commands are declared once, in the table of
 * `./commands`; host events here. The preload, the IPC handlers, the web host and the
 * renderer's bridge derive their types from them. Commands flow renderer -> host; batches flow
 * host -> renderer on their own path.
 */
import type { AlertEvent, AlertStatesChange } from './alerts';
import type { Batch } from './batch';
import type { CommandArgs, CommandChannel, CommandResult } from './commands';
import type { Interest } from './interest';
import type { PanelRoute } from './panel-route';
import type { Settings } from './settings';

// The settings and the command table have their own modules (the table's checks need the
// settings, and this file needs the table); the renderer and the hosts import the whole
// contract from here.
export type { AlertsView, CommandArgs, CommandChannel, CommandResult } from './commands';
export type { ReplayControl } from './replay-control';
export type { RecentRecording } from './recordings';
export { MAX_RECENT_RECORDINGS } from './recordings';
export type {
  ChartGrid,
  ChartWindowMin,
  Settings,
  SettingsPatch,
  Theme,
  WatchlistColumn,
} from './settings';
export {
  BATCH_HZ_MAX,
  BATCH_HZ_MIN,
  CHART_GRIDS,
  DEFAULT_SETTINGS,
  MAX_FOCUSED,
  MAX_WATCHLIST_IDS,
  WATCHLIST_COLUMNS,
} from './settings';

/** Something the host wants the user to read (a corrupt settings file, a failed save...). */
export interface Notice {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
}

/** Host -> renderer events other than batches. */
export interface HostEvents {
  'app:notice': Notice;
  /** The host asks the renderer to show something (e.g. a menu item was chosen). */
  'app:menu': 'open-recording' | 'toggle-recording' | 'about';
  /** An alert rule fired (sent once the alert is in the log on disk). */
  'alert:fired': AlertEvent;
  /** Show this instrument (a desktop notification was clicked). */
  'alert:show': string;
  /** Desktop app: the panels popped out into windows of their own now (the main one hides them). */
  'window:panels': readonly PanelRoute[];
  /**
   * The saved settings after a page changed them (a selection, a layout change, a workspace
   * switch): every page, main or popped out, takes them, so what one window selects the others
   * show at once.
   */
  'settings:changed': Settings;
  /** Alert rule states changed, rules were added, edited or removed, or the log was cleared. */
  'alert:states': AlertStatesChange;
  /**
   * Browser mode: the page's socket to the host opened again after a drop (raised by the page's
   * bridge, not sent by the host); what the host pushed meanwhile was missed, so fetch it again.
   */
  'app:reconnected': true;
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
  /**
   * Receives batches; call `ack(batch.seq)` once the batch is folded in. An ack covers every
   * batch up to `seq`; the engine sends at most `FLOW_WINDOW` (protocol/batch.ts) batches beyond
   * the last ack. Returns unsubscribe.
   */
  onBatch(listener: (batch: Batch) => void): () => void;
  ack(seq: number): void;
  /**
   * Says what this page shows (see `./interest`), replacing what it said before; from then on
   * its batches carry full detail only for those instruments. Sent on the batch path.
   */
  declareInterest(interest: Interest): void;
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
