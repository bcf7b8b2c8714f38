/**
 * The browser mode's HTTP side: the built renderer's files, GET/HEAD only, never a path outside
 * the renderer folder, every response with the page's security headers.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** Content-Security-Policy of every page: only our own scripts, styles and socket. */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': WEB_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Answers one HTTP request from `rendererDir` (an absolute, resolved path). A `Host` that
 * `hostAllowed` refuses gets 421, so a DNS-rebound name cannot read the page.
 */
export async function serveStaticFile(
  req: IncomingMessage,
  res: ServerResponse,
  rendererDir: string,
  hostAllowed: (hostHeader: string | undefined) => boolean,
): Promise<void> {
  const send = (status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain', ...headers });
    res.end(body);
  };
  if (!hostAllowed(req.headers.host)) return send(421, 'Misdirected request');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(405, 'Method not allowed', { Allow: 'GET, HEAD' });
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return send(400, 'Bad request');
  }
  if (path === '/' || path === '') path = '/index.html';
  const file = normalize(join(rendererDir, path));
  if (!file.startsWith(rendererDir + sep) || path.includes('\0')) return send(404, 'Not found');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return send(404, 'Not found');
  const isIndex = path === '/index.html';
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    // Assets have content hashes in their names; the page that names them must not be cached.
    'Cache-Control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
