/**
 * The source picker's model: which kind of feed, its URL or symbols, and the text form stored
 * in settings (`Settings.feed`, parsed by `parseFeedTarget`).
 */
import { checkWebSocketUrl, parseFeedTarget, type Exchange } from '../../../protocol/feed-target';

/** A kind of source the picker offers. */
export type SourceKind = 'embedded' | 'tickdeck' | Exchange | 'nats';

/** The picker's choices, in the order shown. */
export const SOURCE_KINDS: readonly { readonly kind: SourceKind; readonly label: string }[] = [
  { kind: 'embedded', label: 'Embedded simulator' },
  { kind: 'tickdeck', label: 'Tickdeck server (ws:// or nats://)' },
  { kind: 'binance', label: 'Binance spot' },
  { kind: 'coinbase', label: 'Coinbase Exchange' },
  { kind: 'kraken', label: 'Kraken' },
  { kind: 'polymarket-sports', label: 'Polymarket sports' },
  { kind: 'nats', label: 'NATS relay' },
];

/** Common symbols per exchange, in each exchange's own spelling, offered as suggestions. */
export const SYMBOL_SUGGESTIONS: Readonly<Record<Exchange, readonly string[]>> = {
  binance: ['btcusdt', 'ethusdt', 'solusdt', 'bnbusdt', 'xrpusdt', 'dogeusdt', 'adausdt'],
  coinbase: ['BTC-USD', 'ETH-USD', 'SOL-USD', 'XRP-USD', 'DOGE-USD', 'ADA-USD', 'BTC-EUR'],
  kraken: ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'DOGE/USD', 'ADA/USD', 'BTC/EUR'],
  'polymarket-sports': [],
};

/** The picker's editable state. */
export interface FeedChoice {
  readonly kind: SourceKind;
  /** Tickdeck server URL (kind 'tickdeck'). */
  readonly url: string;
  /** Comma-separated symbols (exchanges that take symbols). */
  readonly symbols: string;
  /** NATS servers, comma-separated, one cluster (kind 'nats'). */
  readonly natsServers?: string;
  /** The source's name on NATS, the relay's `--name` (kind 'nats'). */
  readonly natsSource?: string;
}

/** True when the kind takes a symbol list. */
export function takesSymbols(kind: SourceKind): kind is 'binance' | 'coinbase' | 'kraken' {
  return kind === 'binance' || kind === 'coinbase' || kind === 'kraken';
}

/** True when the kind uses `Settings.feedEndpoint`. */
export function takesEndpoint(kind: SourceKind): boolean {
  return kind !== 'embedded' && kind !== 'tickdeck' && kind !== 'nats';
}

/** The picker's state for a saved feed; an unreadable one starts at the simulator. */
export function choiceFromFeed(feed: string | null): FeedChoice {
  const parsed = parseFeedTarget(feed);
  if (!parsed.ok) return { kind: 'embedded', url: '', symbols: '' };
  const t = parsed.target;
  switch (t.kind) {
    case 'embedded':
      return { kind: 'embedded', url: '', symbols: '' };
    case 'tickdeck':
      return { kind: 'tickdeck', url: t.url, symbols: '' };
    case 'exchange':
      return { kind: t.exchange, url: '', symbols: t.symbols.join(', ') };
    case 'nats':
      return {
        kind: 'nats',
        url: '',
        symbols: '',
        natsServers: t.servers.join(', '),
        natsSource: t.source,
      };
  }
}

/** Splits a typed symbol list on commas and spaces, dropping empties and repeats. */
export function splitSymbols(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** Result of {@link feedFromChoice}: the `Settings.feed` value, or what is wrong. */
export type FeedFromChoice =
  | { readonly ok: true; readonly feed: string | null }
  | { readonly ok: false; readonly error: string };

/** The `Settings.feed` value for a choice, validated with `parseFeedTarget`. */
export function feedFromChoice(choice: FeedChoice): FeedFromChoice {
  let text: string;
  if (choice.kind === 'embedded') return { ok: true, feed: null };
  if (choice.kind === 'tickdeck') {
    text = choice.url.trim();
    if (text === '') return { ok: false, error: 'Enter the server URL, e.g. ws://127.0.0.1:8787' };
  } else if (choice.kind === 'nats') {
    const natsText = natsFeedText(choice);
    if (!natsText.ok) return natsText;
    text = natsText.feed;
  } else if (takesSymbols(choice.kind)) {
    const symbols = splitSymbols(choice.symbols);
    if (symbols.length === 0)
      return {
        ok: false,
        error: `Enter at least one symbol, e.g. ${SYMBOL_SUGGESTIONS[choice.kind].slice(0, 2).join(', ')}`,
      };
    text = `${choice.kind}:${symbols.join(',')}`;
  } else {
    text = choice.kind;
  }
  const parsed = parseFeedTarget(text);
  return parsed.ok ? { ok: true, feed: text } : { ok: false, error: parsed.error };
}

/** `nats://<servers>/<source>` from the picker's two NATS fields (a scheme-less first server is nats://). */
function natsFeedText(
  choice: FeedChoice,
): { ok: true; feed: string } | { ok: false; error: string } {
  const servers = (choice.natsServers ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .join(',');
  const source = (choice.natsSource ?? '').trim();
  if (servers === '')
    return { ok: false, error: 'Enter the NATS servers, e.g. nats://127.0.0.1:4222' };
  if (source === '')
    return { ok: false, error: "Enter the source's name on NATS (the relay's --name), e.g. sim" };
  const scheme = /^(nats|tls):\/\//i.test(servers) ? '' : 'nats://';
  return { ok: true, feed: `${scheme}${servers}/${source}` };
}

/** Checks an endpoint override: empty means the exchange's default. */
export function checkEndpoint(
  text: string,
):
  | { readonly ok: true; readonly endpoint: string | null }
  | { readonly ok: false; readonly error: string } {
  const value = text.trim();
  if (value === '') return { ok: true, endpoint: null };
  const error = checkWebSocketUrl(value);
  return error ? { ok: false, error } : { ok: true, endpoint: value };
}

/**
 * Suggestions for the symbols field: each completes the last symbol being typed and keeps the
 * ones before it, so a `<datalist>` can offer them for a comma-separated list.
 */
export function symbolSuggestions(kind: SourceKind, text: string): string[] {
  if (!takesSymbols(kind)) return [];
  const cut = text.lastIndexOf(',');
  const head = cut === -1 ? '' : `${text.slice(0, cut + 1).trimEnd()} `;
  const typed = text
    .slice(cut + 1)
    .trim()
    .toLowerCase();
  const chosen = new Set(splitSymbols(text.slice(0, cut + 1)).map((s) => s.toLowerCase()));
  return SYMBOL_SUGGESTIONS[kind]
    .filter((s) => !chosen.has(s.toLowerCase()) && s.toLowerCase().startsWith(typed))
    .map((s) => head + s);
}

/** A short label for the current feed, e.g. "Kraken · BTC/USD, ETH/USD". */
export function describeFeed(feed: string | null): string {
  const choice = choiceFromFeed(feed);
  const label = SOURCE_KINDS.find((k) => k.kind === choice.kind)!.label;
  if (choice.kind === 'tickdeck') return choice.url;
  if (choice.kind === 'nats') return `${label} · ${choice.natsSource} on ${choice.natsServers}`;
  if (takesSymbols(choice.kind)) return `${label} · ${choice.symbols}`;
  return label;
}
