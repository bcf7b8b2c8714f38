/**
 * The main window's life: opened once however many times it is asked for, where the settings
 * put it; a batch port for every page load; a crashed page reloaded or the user asked; its
 * pop-outs closing with it; and the notices, and a clicked alert's instrument, the page is told
 * once it has loaded.
 */
import type { BrowserWindow } from 'electron';
import { app, dialog, screen } from 'electron';
import type { Notice, Settings } from '../../protocol/ipc';
import type { AppHost } from '../host/host';
import { connectBatches } from './batch-port';
import { focusWindow } from './alert-notification';
import { crashRecovery } from './crash-recovery';
import { sendHostEvent } from './ipc';
import { installContextMenu } from './menu';
import type { PopoutWindows } from './popout-windows';
import { createMainWindow } from './main-window-place';
import { migrateWindowState } from './window-state';

/**
 * Most notices held while the page cannot show them (the window closed on macOS, where the app
 * runs on; a crashed page awaiting the user's choice). A failure that repeats (every alert that
 * cannot be logged on a full disk) would otherwise grow main for as long as it lasts, and flood
 * the page when it loads; the page shows the newest few distinct ones, and so are these.
 */
export const MAX_HELD_NOTICES = 16;

export interface MainWindowOptions {
  readonly host: Pick<AppHost, 'invoke' | 'attach' | 'saveMainWindow'>;
  readonly popouts: Pick<PopoutWindows, 'closeAll' | 'restore'>;
  readonly preload: string;
  readonly pageUrl: string;
  /** Where an older version kept the window's place beside the settings (window-state.json). */
  readonly legacyStatePath: string;
  /** True once the app is quitting: a page going away then is expected, not a crash. */
  readonly quitting: () => boolean;
  /** Ends the app (a Windows logoff or shutdown emits no 'will-quit'). */
  readonly shutdown: () => void;
}

export class MainWindow {
  /** The window, while it is open. */
  win: BrowserWindow | null = null;
  /** The last write of the window's place; quitting waits for it so a fast quit keeps it. */
  saved: Promise<void> = Promise.resolve();
  private pageReady = false;
  private readonly pending: Notice[] = [];
  /** The instrument of the last clicked alert notification, until the page can chart it. */
  private pendingShow: string | null = null;
  private opening: Promise<void> | null = null;

  constructor(private readonly opts: MainWindowOptions) {}

  /** Shows `notice` on the main page, or keeps it until the page has loaded. */
  readonly notify = (notice: Notice): void => {
    if (this.win && this.pageReady) {
      sendHostEvent(this.win.webContents, 'app:notice', notice);
      return;
    }
    // The same message again moves to the end, as the page shows it.
    const again = this.pending.findIndex((n) => n.message === notice.message);
    if (again >= 0) this.pending.splice(again, 1);
    this.pending.push(notice);
    if (this.pending.length > MAX_HELD_NOTICES) this.pending.shift();
  };

  /**
   * A clicked alert notification: the window comes forward, opened again where it was closed
   * (macOS keeps the app running without it), and charts `instrument` once its page has loaded.
   */
  readonly showAlert = (instrument: string | null): void => {
    if (instrument !== null) this.pendingShow = instrument;
    void this.open().then(() => {
      if (this.win === null) return;
      focusWindow(this.win);
      this.showPending();
    });
  };

  private showPending(): void {
    if (this.win === null || !this.pageReady || this.pendingShow === null) return;
    sendHostEvent(this.win.webContents, 'alert:show', this.pendingShow);
    this.pendingShow = null;
  }

  /**
   * Opens the window unless it is open. Single flight: a 'second-instance' or 'activate' while
   * the saved state is being read must not open a second window (whose IPC would then fail the
   * sender check).
   */
  open(): Promise<void> {
    if (this.win) return Promise.resolve();
    this.opening ??= this.create().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async create(): Promise<void> {
    const { host, popouts } = this.opts;
    const read = await host.invoke('settings:get', []);
    const settings = read.ok ? (read.value as Settings) : null;
    const current = createMainWindow({
      preload: this.opts.preload,
      url: this.opts.pageUrl,
      isPackaged: app.isPackaged,
      saved: settings?.mainWindow ?? (await this.migratePlace()),
      save: (mainWindow) => {
        this.saved = host
          .saveMainWindow(mainWindow)
          .catch((err: Error) =>
            console.warn(`Could not save the window position: ${err.message}`),
          );
      },
    });
    this.win = current;
    installContextMenu(current);
    let disconnect = () => {};
    // Every load (first load, reload) gets a fresh port; the old one is detached.
    current.webContents.on('did-finish-load', () => {
      disconnect();
      disconnect = connectBatches(host, current.webContents);
      this.pageReady = true;
      this.pending.splice(0).forEach(this.notify);
      this.showPending();
    });
    const recover = this.crashRecovery(current);
    current.webContents.on('render-process-gone', (_event, details) => {
      this.pageReady = false;
      disconnect();
      disconnect = () => {};
      // Not while quitting: the page going away then is expected.
      if (!current.isDestroyed() && !this.opts.quitting()) void recover(details.reason);
    });
    // The pop-outs belong to the main window: they close with it and reopen with it.
    current.on('close', () => popouts.closeAll());
    current.on('closed', () => {
      disconnect();
      this.win = null;
      this.pageReady = false;
    });
    if (settings) popouts.restore(settings.windows);
    // Windows logoff and shutdown end the process without 'will-quit': flush now.
    current.on('session-end', () => this.opts.shutdown());
  }

  /** Once: the place an older version kept beside the settings moves into them. */
  private migratePlace() {
    return migrateWindowState(
      this.opts.legacyStatePath,
      (bounds) => screen.getDisplayMatching(bounds).id,
      (mainWindow) => this.opts.host.saveMainWindow(mainWindow),
    ).catch((err: Error) => {
      console.warn(`Could not move the window position into the settings: ${err.message}`);
      return null;
    });
  }

  /** The engine and any recording run in this process and carry on; only the page restarts. */
  private crashRecovery(current: BrowserWindow) {
    return crashRecovery({
      reload: () => current.webContents.reload(),
      ask: async (message, detail) => {
        const { response } = await dialog.showMessageBox(current, {
          type: 'error',
          title: 'Tickdeck',
          message,
          detail,
          buttons: ['Reload', 'Quit'],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        });
        return response === 1 ? 'quit' : 'reload';
      },
      quit: () => app.quit(),
      notify: this.notify,
    });
  }
}
