/**
 * The app's windows (the main one, pop-outs) all come from {@link createAppWindow}: one
 * `new BrowserWindow` with the hardened webPreferences, its contents guarded (./hardening.ts).
 * Where the main window opens and how its place is kept is ./main-window-place.ts's.
 */
import { BrowserWindow } from 'electron';
import { hardenContents } from './hardening';

/** Where a window opens and how small it may get, DIP. */
export interface WindowGeometry {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
}

/**
 * Every window of the app comes from here: the main window and each pop-out, with the same
 * hardened webPreferences, preload and content guards, loading `url` (an app:// page; the
 * sender checks in ./ipc.ts then apply to it) and shown when ready to show. The options stay
 * one literal, in this one `new BrowserWindow`, so the security gate (scripts/security-gate.ts)
 * and electronegativity verify every window in the built code.
 */
export function createAppWindow(opts: {
  preload: string;
  url: string;
  isPackaged: boolean;
  title: string;
  geometry: WindowGeometry;
  /** Called before the first show (e.g. maximize, which would show a hidden window at once). */
  beforeShow?: (win: BrowserWindow) => void;
}): BrowserWindow {
  const win = new BrowserWindow({
    ...opts.geometry,
    title: opts.title,
    backgroundColor: '#0e1116',
    show: false,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would otherwise try to open links in new windows.
      disableBlinkFeatures: 'Auxclick',
      devTools: !opts.isPackaged,
    },
  });
  hardenContents(win.webContents);
  // Shown at its first paint, not before: a blank window otherwise.
  win.once('ready-to-show', () => {
    opts.beforeShow?.(win);
    win.show();
  });
  void win.webContents.loadURL(opts.url);
  return win;
}
