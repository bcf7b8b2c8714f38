/**
 * Which panels of the main page are popped out, and the popping out and docking back. The
 * desktop app's main process owns the windows (`window:*` commands, the `window:panels` event);
 * in browser mode the page opens tabs of its own, each in a renderer process of its own, and
 * knows them by what they say on the session's channel (./popout-tabs).
 */
import type { TickdeckApi } from '../../../protocol/ipc';
import type { PanelRoute } from '../../../protocol/panel-route';
import { samePanel } from '../../../protocol/panel-route';
import type { SavedWindow } from '../../../protocol/saved-windows';
import { PopoutTabs, type TabHost } from './popout-tabs';

/** The notice when a pop-out tab never said hello. */
export const BLOCKED_TAB = 'The browser blocked the new tab: allow pop-ups for this page.';

export class Popouts {
  /** The panels shown in windows or tabs of their own now. */
  panels = $state.raw<readonly PanelRoute[]>([]);
  /** Why the last pop-out failed (a blocked pop-up, a refusal), for the page's notice. */
  error = $state.raw<string | null>(null);
  readonly #api: TickdeckApi;
  /** Browser mode's tabs; null in the desktop app, where main owns the windows. Decided here. */
  readonly #tabs: PopoutTabs | null;
  /** Browser mode: called when a tab opened, closed or moved (the page saves the list). */
  readonly #ontabs: () => void;

  /** `tabs` makes browser mode's tab host; the desktop app never asks for it. */
  constructor(api: TickdeckApi, tabs: () => TabHost, ontabs: () => void = () => {}) {
    this.#api = api;
    this.#ontabs = ontabs;
    this.#tabs =
      api.host === 'web'
        ? new PopoutTabs(tabs(), () => {
            this.panels = this.#tabs!.panels();
            this.#ontabs();
          })
        : null;
  }

  isOut(panel: PanelRoute): boolean {
    return this.panels.some((p) => samePanel(p, panel));
  }

  popOut = (panel: PanelRoute): void => {
    if (this.#tabs === null) this.#track(this.#api.invoke('window:popout', panel));
    else this.openTab(panel, () => (this.error = BLOCKED_TAB));
  };

  /**
   * Browser mode: opens `panel`'s tab unless it is out; `onblocked` when it never says hello,
   * which is how a tab the browser blocked (often a second one from one click) shows.
   */
  openTab(panel: PanelRoute, onblocked: () => void): void {
    this.error = null;
    this.#tabs?.open(panel, onblocked);
  }

  /** Browser mode: the tabs heard from, as windows to save, each where its window is. */
  tabs(): SavedWindow[] {
    return this.#tabs?.windows() ?? [];
  }

  dock = (panel: PanelRoute): void => {
    if (this.#tabs === null) this.#track(this.#api.invoke('window:dock', panel));
    else this.#tabs.close(panel);
  };

  /** Follows the windows (desktop) or the tabs (browser); returns the stop function. */
  start(): () => void {
    if (this.#tabs !== null) return this.#tabs.start();
    const off = this.#api.on('window:panels', (panels) => (this.panels = panels));
    this.#track(this.#api.invoke('window:list'));
    return off;
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
