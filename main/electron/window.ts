/**
 * The app's windows (the main one, pop-outs) and the hardening of everything they can reach: its session (CSP header, no
 * remote requests, no permissions, app:// served from the built renderer) and its contents
 * (no navigation, no new windows, no webviews). See docs/SECURITY.md for the checklist mapping.
 */
import type { Session, WebContents } from 'electron';
import { BrowserWindow, screen } from 'electron';
import { APP_SCHEME, isAppUrl, serveAppFile } from './app-protocol';
import type { SavedMainWindow } from '../../protocol/saved-windows';
import { readSavedMainWindow } from '../../protocol/saved-windows';
import { placeMainWindow } from './window-state';

/** Quiet time after the main window moves or resizes before its place is saved, ms. */
const MAIN_SAVE_DELAY_MS = 500;

/** What the session may load: the app's pages, DevTools, and inline data/blob resources. */
function isAllowedRequest(url: string, devServerUrl: string | null): boolean {
  if (isAppUrl(url, devServerUrl)) return true;
  if (/^(devtools|data|blob):/.test(url)) return true;
  // The Vite dev server's hot-reload socket uses ws:// on the dev server's host.
  return devServerUrl !== null && url.startsWith(`ws://${new URL(devServerUrl).host}/`);
}

/**
 * Hardens the session the window uses: serves app:// from `rendererDir`, blocks every request
 * that is not the app's own, adds the CSP header to every response, denies all permissions.
 */
export function hardenSession(
  ses: Session,
  opts: { rendererDir: string; csp: string; devServerUrl: string | null },
): void {
  ses.protocol.handle(APP_SCHEME, (request) =>
    serveAppFile(opts.rendererDir, request.url, opts.csp),
  );
  ses.webRequest.onBeforeRequest((details, callback) => {
    const cancel = !isAllowedRequest(details.url, opts.devServerUrl);
    if (cancel) console.warn(`[security] blocked request to ${details.url}`);
    callback({ cancel });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [opts.csp] },
    });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    console.warn(`[security] denied permission request: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** Denies navigation away from the loaded page, new windows and webviews. */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    console.warn(`[security] blocked navigation to ${event.url}`);
    event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`[security] blocked window.open(${url})`);
    return { action: 'deny' };
  });
}

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

/** The connected displays and the primary one's id, as ./window-placement.ts takes them. */
function displays() {
  return {
    areas: screen.getAllDisplays().map((d) => ({ id: d.id, workArea: d.workArea })),
    primaryId: screen.getPrimaryDisplay().id,
  };
}

/** Where `win` is now, as the settings keep it; null when that lies outside a setting's bounds. */
function placeOf(win: BrowserWindow): SavedMainWindow | null {
  const bounds = win.getNormalBounds();
  const read = readSavedMainWindow({
    bounds,
    displayId: screen.getDisplayMatching(bounds).id,
    maximized: win.isMaximized(),
  });
  return read.ok ? read.value : null;
}

/**
 * Creates the main window at its saved place (`Settings.mainWindow`; on the primary display when
 * its display is gone), loads `url`, shows it (maximized if it was) when ready, and calls `save`
 * with its place shortly after it moves or resizes and when it closes or the session ends, so a
 * workspace saved meanwhile holds where it is.
 */
export function createMainWindow(opts: {
  preload: string;
  url: string;
  isPackaged: boolean;
  saved: SavedMainWindow | null;
  save: (mainWindow: SavedMainWindow) => void;
}): BrowserWindow {
  const screens = displays();
  const placed = placeMainWindow(opts.saved, screens.areas, screens.primaryId);
  const win = createAppWindow({
    preload: opts.preload,
    url: opts.url,
    isPackaged: opts.isPackaged,
    title: 'Tickdeck',
    geometry: {
      ...placed.bounds,
      minWidth: placed.minSize.width,
      minHeight: placed.minSize.height,
    },
    // maximize() shows a hidden window at once, before its first paint: a blank window.
    beforeShow: (shown) => {
      if (placed.maximized) shown.maximize();
    },
  });
  let timer: ReturnType<typeof setTimeout> | null = null;
  const saveNow = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const place = placeOf(win);
    if (place) opts.save(place);
  };
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(saveNow, MAIN_SAVE_DELAY_MS);
  };
  win.on('moved', saveSoon);
  win.on('resized', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', saveNow);
  // Windows logoff or shutdown closes no window: save where it was all the same.
  win.on('session-end', saveNow);
  return win;
}

/**
 * Moves the main window to `saved` (a workspace's place) by the same rule it opens by: on that
 * display if still connected, else on the primary one, wholly visible.
 */
export function moveMainWindow(win: BrowserWindow, saved: SavedMainWindow): void {
  const screens = displays();
  const placed = placeMainWindow(saved, screens.areas, screens.primaryId);
  if (win.isMaximized()) win.unmaximize();
  // First: the least size of a larger display would hold the window over this one's edge.
  win.setMinimumSize(placed.minSize.width, placed.minSize.height);
  win.setBounds(placed.bounds);
  if (placed.maximized) win.maximize();
}
