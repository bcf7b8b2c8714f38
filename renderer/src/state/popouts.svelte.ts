/**
 * Which panels of the main page are popped out, and the popping out and docking back. The
 * desktop app's main process owns the windows (`window:*` commands, the `window:panels` event);
 * in browser mode the page opens a tab on its own URL (same host and token) with the panel's
 * fragment, and sees the panel docked again when that tab is closed.
 */
import type { TickdeckApi } from '../../../protocol/ipc';
import type { PanelRoute } from '../../../protocol/panel-route';
import { panelHash, panelName, samePanel } from '../../../protocol/panel-route';
import type { SavedWindow, WindowBounds } from '../../../protocol/saved-windows';
import {
  MAX_WINDOW_OFFSET_PX,
  MAX_WINDOW_SIDE_PX,
  MIN_WINDOW_SIDE_PX,
  POPOUT_SIZE,
} from '../../../protocol/saved-windows';

/** How often the browser page looks whether its pop-out tabs were closed, ms. */
export const TAB_POLL_MS = 500;

/** A pop-out tab as `window.open` returns it (the fields used here). */
export interface Tab {
  readonly closed: boolean;
  close(): void;
  readonly screenX: number;
  readonly screenY: number;
  readonly outerWidth: number;
  readonly outerHeight: number;
}

/** The few things of `window` the browser mode uses (a fake in tests). */
export interface TabHost {
  /** The page's URL (the token in its query), without fragment. */
  readonly pageUrl: string;
  open(url: string, target: string): Tab | null;
}

/**
 * Where a tab's window is, held to the bounds a saved window may have (a browser reports what
 * it likes, and a tab navigated elsewhere cannot be read: then a new pop-out's size).
 */
export function tabBounds(tab: Tab): WindowBounds {
  const within = (v: number, min: number, max: number, otherwise: number) =>
    Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : otherwise;
  try {
    const offset = MAX_WINDOW_OFFSET_PX;
    const [minSide, maxSide] = [MIN_WINDOW_SIDE_PX, MAX_WINDOW_SIDE_PX];
    return {
      x: within(tab.screenX, -offset, offset, 0),
      y: within(tab.screenY, -offset, offset, 0),
      width: within(tab.outerWidth, minSide, maxSide, POPOUT_SIZE.width),
      height: within(tab.outerHeight, minSide, maxSide, POPOUT_SIZE.height),
    };
  } catch {
    return { x: 0, y: 0, ...POPOUT_SIZE };
  }
}

export class Popouts {
  /** The panels shown in windows or tabs of their own now. */
  panels = $state.raw<readonly PanelRoute[]>([]);
  /** Why the last pop-out failed (a blocked pop-up, a refusal), for the page's notice. */
  error = $state.raw<string | null>(null);
  readonly #api: TickdeckApi;
  readonly #tabs: TabHost;
  /** Open tabs by panel name; not state: `panels` is, and the tabs are polled into it. */
  readonly #open: Record<string, Tab> = {};
  /** Browser mode: called when a tab opened or closed (the page saves the list). */
  readonly #ontabs: () => void;

  constructor(api: TickdeckApi, tabs: TabHost, ontabs: () => void = () => {}) {
    this.#api = api;
    this.#tabs = tabs;
    this.#ontabs = ontabs;
  }

  isOut(panel: PanelRoute): boolean {
    return this.panels.some((p) => samePanel(p, panel));
  }

  popOut = (panel: PanelRoute): void => {
    if (this.#api.host === 'desktop') {
      this.#track(this.#api.invoke('window:popout', panel));
      return;
    }
    if (!this.openTab(panel))
      this.error = 'The browser blocked the new tab: allow pop-ups for this page.';
  };

  /**
   * Browser mode: opens `panel`'s tab (or finds it open: a tab is named for its panel); false
   * when the browser blocked it, which a browser does to a second tab from one click.
   */
  openTab(panel: PanelRoute): boolean {
    const name = panelName(panel);
    const tab = this.#tabs.open(`${this.#tabs.pageUrl}${panelHash(panel)}`, `tickdeck-${name}`);
    if (tab === null) return false;
    this.#open[name] = tab;
    if (!this.isOut(panel)) this.panels = [...this.panels, panel];
    this.#ontabs();
    return true;
  }

  /** Browser mode: the open tabs as windows to save, each where its window is. */
  tabs(): SavedWindow[] {
    return this.panels.flatMap((panel) => {
      const tab = this.#open[panelName(panel)];
      return tab && !tab.closed ? [{ panel, bounds: tabBounds(tab), displayId: null }] : [];
    });
  }

  dock = (panel: PanelRoute): void => {
    if (this.#api.host === 'desktop') {
      this.#track(this.#api.invoke('window:dock', panel));
      return;
    }
    this.#open[panelName(panel)]?.close();
    this.#sweep();
  };

  /** Follows the windows (desktop) or the tabs (browser); returns the stop function. */
  start(): () => void {
    if (this.#api.host === 'desktop') {
      const off = this.#api.on('window:panels', (panels) => (this.panels = panels));
      this.#track(this.#api.invoke('window:list'));
      return off;
    }
    const timer = setInterval(() => this.#sweep(), TAB_POLL_MS);
    return () => clearInterval(timer);
  }

  /** Forgets the tabs the user closed: their panels are docked again. */
  #sweep(): void {
    for (const [name, tab] of Object.entries(this.#open)) if (tab.closed) delete this.#open[name];
    const next = this.panels.filter((p) => panelName(p) in this.#open);
    if (next.length === this.panels.length) return;
    this.panels = next;
    this.#ontabs();
  }

  #track(reply: Promise<readonly PanelRoute[]>): void {
    reply.then(
      (panels) => {
        this.panels = panels;
        this.error = null;
      },
      (err: unknown) => (this.error = err instanceof Error ? err.message : String(err)),
    );
  }
}

/** A panel's pop-out (main page) or dock (popped-out page) button. */
export interface PanelButton {
  readonly mode: 'popout' | 'dock';
  readonly onclick: () => void;
}
