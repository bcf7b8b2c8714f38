/**
 * The popped-out windows: one per panel (a chart, the sports panel, the watchlist, the alert
 * log), each made by `createAppWindow` like the main window (same preferences, preload and
 * guards) and showing the page with the panel's fragment (protocol/panel-route.ts). Each is its
 * own engine consumer: its page gets a batch port of its own at every load. What is popped out,
 * where, and on which display is saved (`Settings.windows`) whenever it changes, and reopened at
 * start, or on switching to a workspace that carries them, by ./window-placement.ts's rule.
 */
import type { BrowserWindow, WebContents } from 'electron';
import { screen } from 'electron';
import type { Notice } from '../../protocol/ipc';
import type { PanelRoute } from '../../protocol/panel-route';
import { panelHash, panelName, panelWindowTitle, samePanel } from '../../protocol/panel-route';
import type { SavedWindow, WindowBounds } from '../../protocol/saved-windows';
import { MAX_SAVED_WINDOWS, MIN_WINDOW_SIDE_PX, POPOUT_SIZE } from '../../protocol/saved-windows';
import { savableBounds } from '../../protocol/saved-windows';
import type { Placement } from './window-placement';
import { popoutCrashRecovery } from './crash-recovery';
import { placeWindow } from './window-placement';
import { createAppWindow } from './window';

/** Quiet time after a move or resize before the windows are saved, ms. */
const SAVE_DELAY_MS = 500;

export interface PopoutOptions {
  readonly preload: string;
  /** The page's URL without fragment (app://tickdeck/index.html, or the dev server's). */
  readonly pageUrl: string;
  readonly isPackaged: boolean;
  /** Attaches a page load's batch port to the engine; returns the detacher. */
  readonly connect: (contents: WebContents) => () => void;
  /** Persists the windows (`Settings.windows`). */
  readonly save: (windows: readonly SavedWindow[]) => void;
  /** Tells the main window which panels are out now. */
  readonly changed: (panels: readonly PanelRoute[]) => void;
  /** A notice for the main window's page. */
  readonly notify: (notice: Notice) => void;
}

interface Popout {
  readonly panel: PanelRoute;
  readonly win: BrowserWindow;
}

export class PopoutWindows {
  private readonly open = new Map<string, Popout>();
  /** While the app quits, windows closing are not docked: they reopen next time. */
  private frozen = false;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: PopoutOptions) {}

  /** The panels popped out now, in the order they were. */
  panels(): PanelRoute[] {
    return [...this.open.values()].map((p) => p.panel);
  }

  /** The pages of the pop-out windows (whose commands the sender checks accept). */
  contents(): WebContents[] {
    return [...this.open.values()]
      .filter((p) => !p.win.isDestroyed())
      .map((p) => p.win.webContents);
  }

  /** Pops `panel` out, or brings its window forward if it is out already. */
  popOut(panel: PanelRoute): PanelRoute[] {
    const existing = this.open.get(panelName(panel));
    if (existing) {
      existing.win.focus();
      return this.panels();
    }
    if (this.open.size >= MAX_SAVED_WINDOWS)
      throw new Error(`at most ${MAX_SAVED_WINDOWS} pop-out windows; dock one first`);
    this.create({ panel, bounds: { x: 0, y: 0, ...POPOUT_SIZE }, displayId: null });
    this.changedNow();
    return this.panels();
  }

  /** Closes `panel`'s window; the main window shows it again. */
  dock(panel: PanelRoute): PanelRoute[] {
    this.open.get(panelName(panel))?.win.close();
    return this.panels().filter((p) => !samePanel(p, panel));
  }

  /** Reopens saved windows where they were (or on the primary display when theirs is gone). */
  restore(saved: readonly SavedWindow[]): void {
    this.frozen = false;
    for (const w of saved) if (!this.open.has(panelName(w.panel))) this.create(w);
    if (saved.length > 0) this.opts.changed(this.panels());
  }

  /**
   * Makes the pop-outs a workspace's (`saved`): closes, so docks, the windows not in it, and
   * opens or moves the ones in it to their saved places (or the primary display's, when theirs
   * is gone), then saves what is open.
   */
  arrange(saved: readonly SavedWindow[]): void {
    const wanted = new Set(saved.map((w) => panelName(w.panel)));
    for (const [name, { win }] of [...this.open]) {
      if (wanted.has(name)) continue;
      // Forgotten now: Electron's close is asynchronous, and the save below must not list it.
      this.open.delete(name);
      win.close();
    }
    for (const w of saved.slice(0, MAX_SAVED_WINDOWS)) {
      const open = this.open.get(panelName(w.panel));
      if (open === undefined) this.create(w);
      else if (!open.win.isDestroyed()) open.win.setBounds(this.place(w).bounds);
    }
    this.changedNow();
  }

  /** Closes every pop-out without docking it (the main window closes, the app quits). */
  closeAll(): void {
    this.saveNow();
    this.frozen = true;
    for (const { win } of this.open.values()) win.close();
  }

  /** Where a saved window goes on the displays connected now (./window-placement.ts). */
  private place(saved: SavedWindow): Placement {
    return placeWindow(
      saved,
      screen.getAllDisplays().map((d) => ({ id: d.id, workArea: d.workArea })),
      screen.getPrimaryDisplay().id,
    );
  }

  private create(saved: SavedWindow): void {
    const placed = this.place(saved);
    const win = createAppWindow({
      preload: this.opts.preload,
      url: `${this.opts.pageUrl}${panelHash(saved.panel)}`,
      isPackaged: this.opts.isPackaged,
      title: panelWindowTitle(saved.panel),
      geometry: { ...placed.bounds, minWidth: MIN_WINDOW_SIDE_PX, minHeight: MIN_WINDOW_SIDE_PX },
    });
    const name = panelName(saved.panel);
    this.open.set(name, { panel: saved.panel, win });
    let disconnect = () => {};
    // Every load gets a fresh port, as the main window's does: its own consumer.
    win.webContents.on('did-finish-load', () => {
      disconnect();
      disconnect = this.opts.connect(win.webContents);
    });
    const recover = popoutCrashRecovery(saved.panel, {
      reload: () => win.webContents.reload(),
      dock: () => this.dock(saved.panel),
      notify: this.opts.notify,
    });
    win.webContents.on('render-process-gone', (_event, { reason }) => {
      disconnect();
      disconnect = () => {};
      // Not while it closes with the main window: its page going then is expected.
      if (!this.frozen && !win.isDestroyed()) recover(reason);
    });
    win.on('moved', () => this.saveSoon());
    win.on('resized', () => this.saveSoon());
    win.on('close', () => this.saveNow());
    win.on('closed', () => {
      disconnect();
      // Not when arrange() forgot it already (a window of the same panel may be open since).
      if (this.open.get(name)?.win !== win) return;
      this.open.delete(name);
      if (!this.frozen) this.changedNow();
    });
  }

  /**
   * Where a window is: its normal bounds, within what a setting holds (one entry out of them
   * would fail the whole list's save), and the display most of it is on.
   */
  private where(win: BrowserWindow): { bounds: WindowBounds; displayId: number } {
    const bounds = win.getNormalBounds();
    return { bounds: savableBounds(bounds), displayId: screen.getDisplayMatching(bounds).id };
  }

  private changedNow(): void {
    this.saveNow();
    this.opts.changed(this.panels());
  }

  private saveSoon(): void {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
  }

  private saveNow(): void {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.frozen) return;
    this.opts.save(
      [...this.open.values()]
        .filter((p) => !p.win.isDestroyed())
        .map((p) => ({ panel: p.panel, ...this.where(p.win) })),
    );
  }
}
