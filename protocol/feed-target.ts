/**
 * The one grammar for "where to get data", shared by settings, `--feed` flags and the source
 * picker: empty for the embedded simulator, a `ws://`/`wss://` URL for a Tickdeck-protocol
 * server, or `<exchange>:<symbol>[,<symbol>...]` for a public exchange feed.
 */

/** Public feeds Tickdeck has adapters for. */
export const EXCHANGES = ['binance', 'coinbase', 'kraken', 'polymarket-sports'] as const;
/** One of {@link EXCHANGES}. */
export type Exchange = (typeof EXCHANGES)[number];

/** A parsed feed choice. */
export type FeedTarget =
  | { readonly kind: 'embedded' }
  | { readonly kind: 'tickdeck'; readonly url: string }
  | { readonly kind: 'exchange'; readonly exchange: Exchange; readonly symbols: readonly string[] };

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
    return `"${text}" is not a URL (expected ws://host:port/path or wss://...)`;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return `"${text}" uses ${url.protocol.replace(':', '')}; a feed URL must start with ws:// or wss://`;
  }
  if (url.hostname === '') return `"${text}" has no host`;
  return null;
}

/** Parses a feed choice (see the module comment). */
export function parseFeedTarget(text: string | null | undefined): ParsedFeedTarget {
  const value = (text ?? '').trim();
  if (value === '' || value === 'embedded') return { ok: true, target: { kind: 'embedded' } };
  if (/^wss?:\/\//i.test(value)) {
    const error = checkWebSocketUrl(value);
    return error ? { ok: false, error } : { ok: true, target: { kind: 'tickdeck', url: value } };
  }
  if (/^[a-z]+:\/\//i.test(value)) {
    return { ok: false, error: `"${value}" is not a WebSocket URL; use ws:// or wss://` };
  }
  const colon = value.indexOf(':');
  const name = (colon === -1 ? value : value.slice(0, colon)).toLowerCase();
  if (!(EXCHANGES as readonly string[]).includes(name)) {
    return {
      ok: false,
      error: `unknown feed "${name}": expected a ws:// URL or one of ${EXCHANGES.join(', ')}`,
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
  }
}
