/**
 * The app's own pages are served from `app://tickdeck/` (a privileged custom scheme), not
 * `file://`: Electron's security checklist (item 18) advises custom protocols so the page gets a
 * proper origin and cannot read arbitrary files. Electron-free: window.ts registers the handler.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://tickdeck`;
/** The page the window loads in a built app. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Content-Security-Policy of the app's pages, sent as a header on top of the page's own meta
 * tag (renderer/index.html; a page obeys both). Code, styles and data only from the app
 * itself: no inline script, no eval, no network (batches and commands travel over IPC).
 * `devServerUrl` (development only) admits the Vite dev server, its hot-reload socket and the
 * inline styles it injects.
 */
export function contentSecurityPolicy(devServerUrl: string | null = null): string {
  const dev = devServerUrl ? new URL(devServerUrl) : null;
  const devSources = dev ? ` ${dev.origin} ws://${dev.host}` : '';
  return [
    "default-src 'none'",
    `script-src 'self'${dev ? ` ${dev.origin}` : ''}`,
    // Vite's dev server injects every stylesheet (app.css, each component's CSS) as an inline
    // <style> element; the built app links its CSS files, so only development needs this.
    `style-src 'self'${dev ? ` ${dev.origin} 'unsafe-inline'` : ''}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${devSources}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// WHATWG URL gives non-special schemes an opaque origin ("null"), so compare scheme and host.
function originOf(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

/** True for URLs of the app's own pages: the app origin, or the dev server in development. */
export function isAppUrl(url: string, devServerUrl: string | null): boolean {
  try {
    const origin = originOf(url);
    return origin === APP_ORIGIN || (devServerUrl !== null && origin === originOf(devServerUrl));
  } catch {
    return false;
  }
}

/**
 * Answers an `app://tickdeck/...` request with a file under `rootDir` (the built renderer),
 * with the CSP header; anything outside `rootDir` or another host is 404.
 */
export async function serveAppFile(rootDir: string, url: string, csp: string): Promise<Response> {
  const notFound = () => new Response('Not found', { status: 404 });
  let pathname: string;
  try {
    const parsed = new URL(url);
    if (originOf(url) !== APP_ORIGIN) return notFound();
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return notFound();
  }
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (!file.startsWith(root + sep)) return notFound();
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch {
    return notFound();
  }
}
