/**
 * Browser mode, the main page's side of its pop-out tabs (the contract: ./popout-channel). The
 * page opens a tab with `noopener` and has no handle on it, so what it knows of its tabs is what
 * they say: a tab is open from its `hello` (or any report: a reloaded main page of the same
 * session takes over the tabs still open), closed at its `dock`, a moment after its `bye`
 * ({@link BYE_GRACE_MS}) or after {@link MISSED_BEATS} heartbeats of silence, and blocked when no hello came within
 * {@link HELLO_TIMEOUT_MS} of opening it. It answers each hello and beat it takes (`here`),
 * says `gone` when it goes, and calls, when it loads, the tabs whose page went away: those of
 * an earlier page, closed or crashed, join it. It holds its session's lock while it lives
 * (./page-locks.ts), so that a tab of its own, called by another page, knows it is here. A panel
 * has one tab: a second tab reporting a panel the page has (two left by a crashed page, or one
 * the user duplicated) is told it is a duplicate, and the tab the page had keeps the panel.
 */
import type { PanelRoute } from '../../../protocol/panel-route';
import { panelHash, panelName } from '../../../protocol/panel-route';
import type { SavedWindow } from '../../../protocol/saved-windows';
import type { SessionLocks } from './page-locks';
import { MAX_SAVED_WINDOWS } from '../../../protocol/saved-windows';
import type { ChannelPort, OpenChannel, PageLife, PopoutCall, PopoutOrder } from './popout-channel';
import {
  BYE_GRACE_MS,
  HEARTBEAT_INTERVAL_MS,
  HELLO_TIMEOUT_MS,
  MISSED_BEATS,
  callChannelName,
  channelName,
  readReport,
  sessionSuffix,
} from './popout-channel';

/** What the main page's side needs of the browser (fakes in tests). */
export interface TabHost {
  /** The page's URL (the token in its query), without fragment. */
  readonly pageUrl: string;
  /** The main page's session: its tabs' channel and fragment carry it. */
  readonly session: string;
  /** Opens a tab on `url` with no handle back (`window.open(url, '_blank', 'noopener')`). */
  open(url: string): void;
  readonly openChannel: OpenChannel;
  now(): number;
  /** The page's leaving (its tabs are told) and return (it calls them again). */
  readonly page: PageLife;
  readonly locks: SessionLocks;
}

/** A tab of ours: opened and waiting for its hello, or heard from. */
type Entry =
  | {
      readonly state: 'waiting';
      readonly panel: PanelRoute;
      readonly since: number;
      readonly onblocked: () => void;
    }
  | {
      readonly state: 'open';
      readonly window: SavedWindow;
      /** The tab's id: another tab of the panel is a duplicate. */
      readonly tab: string;
      readonly heard: number;
      /** When it said bye: docked {@link BYE_GRACE_MS} later. */
      readonly leftAt?: number;
    };

/** How long after docking a panel its tab's last reports (already on their way) are ignored, ms. */
const CLOSING_MS = HEARTBEAT_INTERVAL_MS * MISSED_BEATS;

export class PopoutTabs {
  /** By panel name, in the order they were opened or first heard. */
  readonly #tabs = new Map<string, Entry>();
  /** Panels docked from here, by name, with when: a report still in flight must not reopen them. */
  readonly #closing = new Map<string, number>();
  readonly #host: TabHost;
  readonly #port: ChannelPort;
  /** Called when the tabs open, close or move: the page shows and saves them. */
  readonly #onchange: () => void;

  constructor(host: TabHost, onchange: () => void) {
    this.#host = host;
    this.#onchange = onchange;
    this.#port = host.openChannel(channelName(host.session));
    this.#port.listen((data) => this.#heard(data));
  }

  /** The panels out: the open tabs and the ones waiting for their hello. */
  panels(): PanelRoute[] {
    return [...this.#tabs.values()].map((e) => (e.state === 'open' ? e.window.panel : e.panel));
  }

  /** The tabs heard from, each where its window last said it was. */
  windows(): SavedWindow[] {
    return [...this.#tabs.values()].flatMap((e) => (e.state === 'open' ? [e.window] : []));
  }

  /**
   * Opens `panel`'s tab unless it is out already; `onblocked` is called if no hello comes in
   * time (a late hello still opens it: a loaded machine may take that long to load a page).
   */
  open(panel: PanelRoute, onblocked: () => void): void {
    const name = panelName(panel);
    if (this.#tabs.has(name)) return;
    this.#closing.delete(name);
    const fragment = `${panelHash(panel)}${sessionSuffix(this.#host.session)}`;
    this.#host.open(`${this.#host.pageUrl}${fragment}`);
    this.#tabs.set(name, { state: 'waiting', panel, since: this.#host.now(), onblocked });
    this.#onchange();
  }

  /** Docks `panel`: its tab is told to close itself, and forgotten now. */
  close(panel: PanelRoute): void {
    const name = panelName(panel);
    this.#port.postMessage({ kind: 'close', panel } satisfies PopoutOrder);
    this.#closing.set(name, this.#host.now());
    if (this.#tabs.delete(name)) this.#onchange();
  }

  /** Takes the tabs gone silent as closed and the hellos not come as blocked; call regularly. */
  sweep(): void {
    const now = this.#host.now();
    let changed = false;
    for (const [name, e] of this.#tabs) {
      const late =
        e.state === 'waiting'
          ? now - e.since > HELLO_TIMEOUT_MS
          : now - e.heard > HEARTBEAT_INTERVAL_MS * MISSED_BEATS ||
            (e.leftAt !== undefined && now - e.leftAt >= BYE_GRACE_MS);
      if (!late) continue;
      this.#tabs.delete(name);
      changed = true;
      if (e.state === 'waiting') e.onblocked();
    }
    for (const [name, at] of this.#closing) if (now - at > CLOSING_MS) this.#closing.delete(name);
    if (changed) this.#onchange();
  }

  /**
   * Calls the tabs whose page went away, then sweeps every heartbeat; returns the stop function
   * (which also closes the channels).
   */
  start(): () => void {
    const { page, openChannel, session } = this.#host;
    const release = this.#host.locks.hold(session);
    const calls = openChannel(callChannelName(this.#host.pageUrl));
    const call = () => calls.postMessage({ kind: 'call', session } satisfies PopoutCall);
    const gone = () => this.#port.postMessage({ kind: 'gone' } satisfies PopoutOrder);
    page.addEventListener('pagehide', gone);
    page.addEventListener('pageshow', call);
    call();
    const timer = setInterval(() => this.sweep(), HEARTBEAT_INTERVAL_MS);
    return () => {
      clearInterval(timer);
      page.removeEventListener('pagehide', gone);
      page.removeEventListener('pageshow', call);
      calls.close();
      this.#port.close();
      release();
    };
  }

  #heard(data: unknown): void {
    const report = readReport(data);
    if (report === null) return;
    const name = panelName(report.window.panel);
    if (this.#closing.has(name)) return;
    const was = this.#tabs.get(name);
    // A tab that said bye is going (or reloading: its new load has a new id), so it gives way.
    if (was?.state === 'open' && was.tab !== report.tab && was.leftAt === undefined) {
      if (report.kind !== 'bye')
        this.#port.postMessage({ kind: 'duplicate', tab: report.tab } satisfies PopoutOrder);
      return;
    }
    if (was?.state === 'open' && report.kind === 'bye')
      this.#tabs.set(name, { ...was, leftAt: this.#host.now() });
    if (report.kind === 'bye') return;
    if (report.kind === 'dock') {
      if (this.#tabs.delete(name)) this.#onchange();
      return;
    }
    // A page of this origin could post endless panels: no more tabs than may be saved.
    if (was === undefined && this.#tabs.size >= MAX_SAVED_WINDOWS) return;
    const heard = this.#host.now();
    this.#tabs.set(name, { state: 'open', window: report.window, tab: report.tab, heard });
    this.#port.postMessage({ kind: 'here' } satisfies PopoutOrder);
    if (was?.state !== 'open' || !sameBounds(was.window, report.window)) this.#onchange();
  }
}

function sameBounds(a: SavedWindow, b: SavedWindow): boolean {
  const [p, q] = [a.bounds, b.bounds];
  return p.x === q.x && p.y === q.y && p.width === q.width && p.height === q.height;
}
