/**
 * Browser mode: the pop-out tabs come back. The main page saves which panels it has popped out
 * into tabs (`window:tabs`, into `Settings.windows`); after a reload, or a switch to a workspace
 * that has some, it offers the ones not open back. A browser opens a tab only from a click, and
 * often one per click, so the page offers them and opens what it may on each click, never
 * trying behind the user's back.
 */
import type { Settings, TickdeckApi } from '../../../protocol/ipc';
import { samePanel } from '../../../protocol/panel-route';
import type { SavedWindow } from '../../../protocol/saved-windows';
import type { Popouts } from './popouts.svelte';

export class SavedTabs {
  /** Saved tabs not open now, offered back. */
  offered = $state.raw<readonly SavedWindow[]>([]);
  /** The browser blocked a tab on the last click: the rest wait for another. */
  blocked = $state.raw(false);
  readonly #api: TickdeckApi;
  readonly #popouts: Popouts;
  readonly #onerror: (message: string) => void;
  /** Offered tabs opened on a click, not yet heard from: saved meanwhile, offered if blocked. */
  #reopening: readonly SavedWindow[] = [];

  constructor(api: TickdeckApi, popouts: Popouts, onerror: (message: string) => void) {
    this.#api = api;
    this.#popouts = popouts;
    this.#onerror = onerror;
  }

  /** Offers the tabs saved in the settings (browser mode; the desktop app reopens windows). */
  load(): void {
    if (this.#api.host !== 'web') return;
    this.#api.invoke('settings:get').then(
      (settings: Settings) => this.offer(settings.windows),
      (err: unknown) => this.#onerror(err instanceof Error ? err.message : String(err)),
    );
  }

  /** Offers `windows` (a workspace's, or the last page's) but those open already. */
  offer(windows: readonly SavedWindow[]): void {
    if (this.#api.host !== 'web') return;
    this.offered = windows.filter((w) => !this.#popouts.isOut(w.panel));
    this.blocked = false;
  }

  /**
   * After a switch to a workspace: closes (docks) the tabs it does not have and offers its
   * others, as the desktop app arranges its windows.
   */
  arrange(windows: readonly SavedWindow[]): void {
    if (this.#api.host !== 'web') return;
    this.offer(windows);
    for (const panel of this.#popouts.panels)
      if (!windows.some((w) => samePanel(w.panel, panel))) this.#popouts.dock(panel);
  }

  /**
   * Opens the offered tabs, on a click only. A tab opened without its opener cannot be seen to
   * be blocked at once, so each is opened and, if it never says hello, offered again.
   */
  reopen = (): void => {
    const asked = this.offered;
    this.#reopening = [...this.#reopening, ...asked];
    this.offered = [];
    this.blocked = false;
    for (const w of asked) this.#popouts.openTab(w.panel, () => this.#refused(w));
    this.save();
  };

  /** A reopened tab never said hello: the browser blocked it, so it waits for another click. */
  #refused(w: SavedWindow): void {
    this.#reopening = this.#reopening.filter((r) => !samePanel(r.panel, w.panel));
    this.offered = [...this.offered, w];
    this.blocked = true;
  }

  /** Forgets the offered tabs: the next load offers none of them. */
  dismiss = (): void => {
    this.offered = [];
    this.#reopening = [];
    this.blocked = false;
    this.save();
  };

  /**
   * Saves the tabs open now, and the ones still offered or opening (not yet heard from,
   * reopened or dismissed), so a reload before the user answers loses none. Call when a tab
   * opens, closes or moves. A tab heard from is no longer offered (a reloaded page hears the
   * tabs of its session still open).
   */
  save = (): void => {
    if (this.#api.host !== 'web') return;
    const open = this.#popouts.tabs();
    const isOpen = (w: SavedWindow) => open.some((t) => samePanel(t.panel, w.panel));
    if (this.offered.some(isOpen)) this.offered = this.offered.filter((w) => !isOpen(w));
    this.#reopening = this.#reopening.filter((w) => !isOpen(w));
    const waiting = [...this.offered, ...this.#reopening];
    this.#api
      .invoke('window:tabs', [...open, ...waiting])
      .catch((err: unknown) =>
        this.#onerror(
          `Could not save the pop-out tabs: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
  };
}
