/**
 * Which panels of the main page are popped out, and the popping out and docking back. The
 * desktop app's main process owns the windows (`window:*` commands, the `window:panels` event);
 * in browser mode the page opens a tab on its own URL (same host and token) with the panel's
 * fragment, and sees the panel docked again when that tab is closed.
 */
import type { TickdeckApi } from '../../../protocol/ipc';
import type { PanelRoute } from '../../../protocol/panel-route';
import { panelHash, panelName, samePanel } from '../../../protocol/panel-route';

/** How often the browser page looks whether its pop-out tabs were closed, ms. */
export const TAB_POLL_MS = 500;

/** The few things of `window` the browser mode uses (a fake in tests). */
export interface TabHost {
  /** The page's URL (the token in its query), without fragment. */
  readonly pageUrl: string;
  open(url: string, target: string): { readonly closed: boolean; close(): void } | null;
}

export class Popouts {
  /** The panels shown in windows or tabs of their own now. */
  panels = $state.raw<readonly PanelRoute[]>([]);
  /** Why the last pop-out failed (a blocked pop-up, a refusal), for the page's notice. */
  error = $state.raw<string | null>(null);
  readonly #api: TickdeckApi;
  readonly #tabs: TabHost;
  /** Open tabs by panel name; not state: `panels` is, and the tabs are polled into it. */
  readonly #open: Record<string, { readonly closed: boolean; close(): void }> = {};

  constructor(api: TickdeckApi, tabs: TabHost) {
    this.#api = api;
    this.#tabs = tabs;
  }

  isOut(panel: PanelRoute): boolean {
    return this.panels.some((p) => samePanel(p, panel));
  }

  popOut = (panel: PanelRoute): void => {
    if (this.#api.host === 'desktop') {
      this.#track(this.#api.invoke('window:popout', panel));
      return;
    }
    const name = panelName(panel);
    const tab = this.#tabs.open(`${this.#tabs.pageUrl}${panelHash(panel)}`, `tickdeck-${name}`);
    if (tab === null) {
      this.error = 'The browser blocked the new tab: allow pop-ups for this page.';
      return;
    }
    this.#open[name] = tab;
    if (!this.isOut(panel)) this.panels = [...this.panels, panel];
  };

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
    if (next.length !== this.panels.length) this.panels = next;
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
