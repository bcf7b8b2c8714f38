/**
 * The one grammar for "where to get data", shared by settings, `--feed` flags and the source
 * picker: empty (or `sim`) for the embedded simulator, a `ws://`/`wss://` URL for a
 * Tickdeck-protocol server, `<exchange>:<symbol>[,<symbol>...]` for a public exchange feed, or
 * `nats://<server>[,<server>...]/<source>` for a source a relay publishes to NATS.
 */
import { checkSourceName, parseNatsServers } from './nats';
import { quoteInput } from './quote-input';

/** Public feeds Tickdeck has adapters for. */
export const EXCHANGES = ['binance', 'coinbase', 'kraken', 'polymarket-sports'] as const;
/** One of {@link EXCHANGES}. */
export type Exchange = (typeof EXCHANGES)[number];

/** A parsed feed choice. */
export type FeedTarget =
  | { readonly kind: 'embedded' }
  | { readonly kind: 'tickdeck'; readonly url: string }
  | { readonly kind: 'exchange'; readonly exchange: Exchange; readonly symbols: readonly string[] }
  | {
      readonly kind: 'nats';
      /** Normalized `nats://host:port` or `tls://host:port` URLs: one cluster connection. */
      readonly servers: readonly string[];
      /** The source's name on NATS (the relay's `--name`). */
      readonly source: string;
    };

/** Result of {@link parseFeedTarget}: the target, or a message naming what is wrong. */
export type ParsedFeedTarget =
  | { readonly ok: true; readonly target: FeedTarget }
  | { readonly ok: false; readonly error: string };

/** Validates a `ws://` or `wss://` URL; returns an error message or null. */
export function checkWebSocketUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${quoteInput(text)} is not a URL (expected ws://host:port/path or wss://...)`;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return `${quoteInput(text)} uses ${url.protocol.replace(':', '')}; a feed URL must start with ws:// or wss://`;
  }
  if (url.hostname === '') return `${quoteInput(text)} has no host`;
  return null;
}

/** Parses a feed choice (see the module comment). */
export function parseFeedTarget(text: string | null | undefined): ParsedFeedTarget {
  const value = (text ?? '').trim();
  if (value === '' || value === 'embedded' || value === 'sim')
    return { ok: true, target: { kind: 'embedded' } };
  if (/^(nats|tls):\/\//i.test(value)) return parseNatsTarget(value);
  if (/^wss?:\/\//i.test(value)) {
    const error = checkWebSocketUrl(value);
    return error ? { ok: false, error } : { ok: true, target: { kind: 'tickdeck', url: value } };
  }
  if (/^[a-z]+:\/\//i.test(value)) {
    return { ok: false, error: `${quoteInput(value)} is not a WebSocket URL; use ws:// or wss://` };
  }
  const colon = value.indexOf(':');
  const name = (colon === -1 ? value : value.slice(0, colon)).toLowerCase();
  if (!(EXCHANGES as readonly string[]).includes(name)) {
    return {
      ok: false,
      error: `unknown feed ${quoteInput(name)}: expected a ws:// URL or one of ${EXCHANGES.join(', ')}`,
    };
  }
  const exchange = name as Exchange;
  const symbols =
    colon === -1
      ? []
      : value
          .slice(colon + 1)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  if (exchange !== 'polymarket-sports' && symbols.length === 0) {
    return {
      ok: false,
      error: `${exchange} needs at least one symbol, e.g. ${exampleFor(exchange)}`,
    };
  }
  return { ok: true, target: { kind: 'exchange', exchange, symbols } };
}

/** `nats://h:p[,h2:p2]/<source>`: the servers up to the last `/` (a source name has none). */
function parseNatsTarget(value: string): ParsedFeedTarget {
  const slash = value.lastIndexOf('/');
  if (slash < value.indexOf('://') + 3)
    return {
      ok: false,
      error: `${quoteInput(value)} names no source; e.g. nats://127.0.0.1:4222/sim`,
    };
  const servers = parseNatsServers(value.slice(0, slash));
  if (!servers.ok) return servers;
  const source = value.slice(slash + 1);
  const error = checkSourceName(source);
  if (error) return { ok: false, error: `${error} in ${quoteInput(value)}` };
  return { ok: true, target: { kind: 'nats', servers: servers.servers, source } };
}

function exampleFor(exchange: Exchange): string {
  switch (exchange) {
    case 'binance':
      return 'binance:btcusdt';
    case 'coinbase':
      return 'coinbase:BTC-USD';
    case 'kraken':
      return 'kraken:BTC/USD,ETH/USD';
    case 'polymarket-sports':
      return 'polymarket-sports';
  }
}

/** The text form of a target, as stored in settings. */
export function formatFeedTarget(target: FeedTarget): string | null {
  switch (target.kind) {
    case 'embedded':
      return null;
    case 'tickdeck':
      return target.url;
    case 'exchange':
      return target.symbols.length
        ? `${target.exchange}:${target.symbols.join(',')}`
        : target.exchange;
    case 'nats':
      return `${target.servers.join(',')}/${target.source}`;
  }
}

/** A `--replay` of a source's stored history on NATS: `nats://<servers>/<source>?from=&to=`. */
export interface NatsReplayTarget {
  readonly servers: readonly string[];
  readonly source: string;
  /** Replay starts here, epoch ms; null: at the oldest stored message. */
  readonly fromMs: number | null;
  /** Replay ends here, epoch ms; null: at the newest message when the replay opens. */
  readonly toMs: number | null;
}

/** True when a `--replay` value names NATS history rather than a recording folder. */
export function isNatsReplay(text: string): boolean {
  return /^(nats|tls):\/\//i.test(text.trim());
}

/**
 * Parses `nats://h:p[,h2:p2]/<source>[?from=<ISO time>][&to=<ISO time>]`; the times must be
 * ISO 8601 with a date (`2026-12-03T06:00:00Z`), `from` before `to`.
 */
export function parseNatsReplayTarget(
  text: string,
): { ok: true; target: NatsReplayTarget } | { ok: false; error: string } {
  const value = text.trim();
  const query = value.indexOf('?');
  const parsed = parseNatsTarget(query === -1 ? value : value.slice(0, query));
  if (!parsed.ok) return parsed;
  if (parsed.target.kind !== 'nats')
    return { ok: false, error: `${quoteInput(value)} is not a NATS source` };
  const params = new URLSearchParams(query === -1 ? '' : value.slice(query + 1));
  for (const key of params.keys())
    if (key !== 'from' && key !== 'to')
      return {
        ok: false,
        error: `unknown parameter "${key}" in ${quoteInput(value)} (expected from, to)`,
      };
  const times: Record<'from' | 'to', number | null> = { from: null, to: null };
  for (const key of ['from', 'to'] as const) {
    const given = params.get(key);
    if (given === null) continue;
    const ms = /^\d{4}-\d{2}-\d{2}/.test(given) ? Date.parse(given) : NaN;
    if (!Number.isFinite(ms))
      return {
        ok: false,
        error: `${key}: ${quoteInput(given)} is not an ISO time (e.g. 2026-12-03T06:00:00Z)`,
      };
    times[key] = ms;
  }
  if (times.from !== null && times.to !== null && !(times.from < times.to))
    return { ok: false, error: `from must be before to in ${quoteInput(value)}` };
  const { servers, source } = parsed.target;
  return { ok: true, target: { servers, source, fromMs: times.from, toMs: times.to } };
}
