/**
 * What the dashboard asks of its host: settings, feed, recording and replay commands, and the
 * desktop menu's items. A failed command becomes one of the page's notices, which live here.
 */
import type {
  HostEvents,
  ReplayControl,
  Settings,
  SettingsPatch,
  TickdeckApi,
} from '../../../protocol/ipc';
import type { DashboardState } from './dashboard.svelte';
import { PageNotices, type PageNotice } from './page-notices.svelte';
import { compareIsFull } from './row-view';

export class HostCommands {
  /** The messages shown under the header. */
  readonly notices = new PageNotices();
  /** Settings changes made on this page; a slower initial `settings:get` must not undo them. */
  #localEdits = 0;
  readonly #api: TickdeckApi;
  readonly #dash: DashboardState;

  constructor(api: TickdeckApi, dash: DashboardState) {
    this.#api = api;
    this.#dash = dash;
  }

  /** Loads the saved settings, unless this page has already changed some. */
  loadSettings = () => {
    this.#run(
      this.#api.invoke('settings:get').then((s) => {
        if (s && this.#localEdits === 0) this.#dash.settings = s;
      }),
    );
  };

  /** Settings the host put in use as a whole (a workspace switch); they win over local edits. */
  replaceSettings = (settings: Settings) => {
    this.#localEdits++;
    this.#dash.settings = settings;
  };

  /**
   * Settings another page (or this one) saved, as the host announces them: what a pop-out
   * selects, the main window charts at once, and the reverse.
   */
  followSaved = (settings: Settings) => {
    this.#localEdits++; // newer than a slow initial settings:get
    this.#dash.settings = settings;
  };

  updateSettings = (patch: SettingsPatch) => {
    this.#localEdits++;
    this.#dash.settings = { ...this.#dash.settings, ...patch }; // optimistic; the host's answer wins
    this.#run(
      this.#api.invoke('settings:update', patch).then((s) => {
        if (s) this.#dash.settings = s;
      }),
    );
  };

  /** Charts a watchlist row (alone, or toggled in the comparison); a full comparison says so. */
  selectInstrument = (id: string, compare: boolean) => {
    const grid = this.#dash.settings.chartGrid;
    if (compareIsFull(this.#dash.focused, id, compare, grid)) {
      this.notices.show({
        level: 'info',
        message: `The chart grid holds ${grid} chart${grid === 1 ? '' : 's'}: choose a larger grid, or Shift-click a charted instrument to take it out first.`,
      });
      return;
    }
    this.updateSettings({ focused: this.#dash.focusedAfter(id, compare) });
  };

  /** Saves a changed endpoint first: the host applies it from the next connect. */
  connect = (feed: string | null, feedEndpoint: string | null) => {
    const saveEndpoint =
      feedEndpoint === this.#dash.settings.feedEndpoint
        ? Promise.resolve()
        : this.#api.invoke('settings:update', { feedEndpoint }).then((s) => {
            if (s) this.#dash.settings = s;
          });
    this.#run(
      saveEndpoint
        .then(() => this.#api.invoke('feed:connect', feed))
        .then(() => {
          this.#dash.settings = { ...this.#dash.settings, feed }; // the host saved it
        }),
    );
  };

  disconnect = () => this.#run(this.#api.invoke('feed:disconnect'));

  reconnect = () => this.#run(this.#api.invoke('feed:reconnect'));

  /** Adds a source beside the others; the host saves the list. */
  addSource = (feed: string | null, endpoint: string | null) =>
    this.#run(this.#api.invoke('feed:add', feed, endpoint).then(() => this.#savedSettings()));

  removeSource = (name: string) =>
    this.#run(this.#api.invoke('feed:remove', name).then(() => this.#savedSettings()));

  /** The host saved the list of sources: the page takes its copy of the settings. */
  #savedSettings = () =>
    this.#api.invoke('settings:get').then((s) => {
      if (s) this.#dash.settings = s;
    });

  /** Starts recording the chosen sources (undefined: every live source) or stops. */
  toggleRecording = (sources?: readonly string[]) => {
    if (!(this.#dash.health?.recording.active ?? false)) {
      this.#run(
        sources === undefined
          ? this.#api.invoke('recording:start')
          : this.#api.invoke('recording:start-sources', sources),
      );
      return;
    }
    this.#run(
      this.#api.invoke('recording:stop').then(({ dir }) => {
        if (dir === null) return;
        this.notices.show({
          level: 'info',
          message: `Recording saved to ${dir}`,
          action: { label: 'Replay it', run: () => this.#run(this.openReplay(dir), 'replay') },
          about: 'replay',
        });
      }),
    );
  };

  /** The newest recordings in the recordings folder, for the Open recording list. */
  listRecordings = () => this.#api.invoke('recording:list');

  /**
   * Opens a recording folder; rejects with the host's reason, for the caller to show. Once it
   * is open, earlier failures to open one and offers to replay one are stale.
   */
  openReplay = (path: string) =>
    this.#api.invoke('replay:open', path).then(() => this.notices.clear('replay'));

  /** The desktop app's folder picker. */
  chooseReplay = () => this.#api.invoke('replay:choose');

  /** Opens a dropped folder, reporting failures in a notice. */
  openDroppedReplay = (path: string) => this.#run(this.openReplay(path), 'replay');

  controlReplay = (control: ReplayControl) =>
    this.#run(this.#api.invoke('replay:control', control));

  closeReplay = () => this.#run(this.#api.invoke('replay:close'));

  /** Menu items of the desktop app that the page carries out. */
  onMenu = (item: HostEvents['app:menu']) => {
    if (item === 'toggle-recording') this.toggleRecording();
    else if (item === 'open-recording') this.#run(this.chooseReplay(), 'replay');
    else
      this.notices.show({
        level: 'info',
        message: 'Tickdeck: live market and sports feeds, recorded and replayed.',
      });
  };

  showError = (message: string, about?: PageNotice['about']) => {
    this.notices.show({ level: 'error', message, ...(about && { about }) });
  };

  #run(p: Promise<unknown>, about?: PageNotice['about']) {
    p.catch((e: unknown) => this.showError(e instanceof Error ? e.message : String(e), about));
  }
}
