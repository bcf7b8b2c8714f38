/**
 * Who may reach the browser mode: the `Host` header must name the bound address (DNS
 * rebinding), and the socket upgrade needs this page's own `Origin` and the per-run token.
 */
import type { IncomingMessage } from 'node:http';
import { WEB_SOCKET_PATH, WEB_TOKEN_PARAM } from '../../protocol/web';
import { sameSecret, type UpgradeRefusal } from '../../net/socket-server';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const WILDCARD = new Set(['0.0.0.0', '::']);

/** True when `host` is a loopback address or name. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/** The bound address as it appears in a URL (a wildcard is reached on loopback). */
export function hostForUrl(host: string): string {
  if (WILDCARD.has(host)) return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * `Host` headers the server answers to: the bound address and, when it is loopback, the
 * loopback names, on `port()` (read per request: the port is known only after listening).
 */
export function hostChecker(
  bindHost: string,
  port: () => number,
): (hostHeader: string | undefined) => boolean {
  return (hostHeader) => {
    if (!hostHeader) return false;
    if (WILDCARD.has(bindHost)) return true; // the user chose to serve every interface
    const names = [bindHost, ...(isLoopback(bindHost) ? LOOPBACK : [])];
    return names.some((n) => hostHeader === `${hostForUrl(n)}:${port()}`);
  };
}

/** Checks a socket upgrade request; null when the page may connect. */
export function checkUpgrade(
  req: IncomingMessage,
  token: string,
  hostAllowed: (hostHeader: string | undefined) => boolean,
): UpgradeRefusal | null {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://x');
  } catch {
    return { status: 400, reason: 'Bad request' };
  }
  if (url.pathname !== WEB_SOCKET_PATH) return { status: 404, reason: 'Not found' };
  if (!hostAllowed(req.headers.host)) return { status: 403, reason: 'Unexpected Host' };
  // Browsers always send Origin; it must be this very page's origin. (A local non-browser
  // client sends none, and still needs the token.)
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) {
    return { status: 403, reason: 'Foreign origin' };
  }
  if (!sameSecret(url.searchParams.get(WEB_TOKEN_PARAM), token)) {
    return { status: 401, reason: 'Missing or wrong token' };
  }
  return null;
}
