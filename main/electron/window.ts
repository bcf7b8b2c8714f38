/**
 * The app's windows (the main one, pop-outs) and the hardening of everything they can reach: its session (CSP header, no
 * remote requests, no permissions, app:// served from the built renderer) and its contents
 * (no navigation, no new windows, no webviews). See docs/SECURITY.md for the checklist mapping.
 */
import type { Session, WebContents } from 'electron';
import { BrowserWindow, screen } from 'electron';
import { APP_SCHEME, isAppUrl, serveAppFile } from './app-protocol';
import type { WindowState } from './window-state';
import { MIN_WINDOW_SIZE, restoreBounds } from './window-state';

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

/**
 * Creates the main window at its restored bounds, loads `url`, shows it (maximized if it was)
 * when ready and calls `saveState` with its bounds when it closes or the session ends.
 */
export function createMainWindow(opts: {
  preload: string;
  url: string;
  isPackaged: boolean;
  saved: WindowState | null;
  saveState: (state: WindowState) => void;
}): BrowserWindow {
  const bounds = restoreBounds(
    opts.saved,
    screen.getAllDisplays().map((display) => display.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  const win = createAppWindow({
    preload: opts.preload,
    url: opts.url,
    isPackaged: opts.isPackaged,
    title: 'Tickdeck',
    geometry: {
      x: bounds.x,
      y: bounds.y,
      width: bounds.width,
      height: bounds.height,
      minWidth: MIN_WINDOW_SIZE.width,
      minHeight: MIN_WINDOW_SIZE.height,
    },
    // maximize() shows a hidden window at once, before its first paint: a blank window.
    beforeShow: (shown) => {
      if (bounds.maximized) shown.maximize();
    },
  });
  const save = () => opts.saveState({ ...win.getNormalBounds(), maximized: win.isMaximized() });
  win.on('close', save);
  // Windows logoff or shutdown closes no window: save where it was all the same.
  win.on('session-end', save);
  return win;
}
