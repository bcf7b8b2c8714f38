/**
 * The hardening of everything the app's windows can reach: their session (CSP header, no remote
 * requests, no permissions, app:// served from the built renderer) and each window's contents
 * (no navigation, no new windows, no webviews). See docs/SECURITY.md for the checklist mapping.
 */
import type { Session, WebContents } from 'electron';
import { APP_SCHEME, isAppUrl, serveAppFile } from './app-protocol';

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
