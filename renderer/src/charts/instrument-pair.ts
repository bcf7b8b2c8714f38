/**
 * What an instrument's symbol trades, as far as its id says: a base and a quote currency
 * (`BTC/USD`, `BTC-USD`, `btc_usd`, or Binance's `BTCUSDT` with the quote run on), sources
 * peeled. The compare chart asks it whether two lines are one coin on two venues, whose spread
 * is in bp (spread-unit.ts).
 */
import { splitRowName } from '../state/row-name';

export interface InstrumentPair {
  /** The symbol in capitals, separators dropped; the whole of it when no quote is found. */
  readonly base: string;
  /** The quote currency, or null for a symbol that names none (`ACME`). */
  readonly quote: string | null;
}

/**
 * Quote currencies a symbol with no separator may end in (the ones Binance lists pairs
 * against), longest first: `BTCFDUSD` is BTC in FDUSD, not BTCFD in USD.
 */
const RUN_ON_QUOTES = [
  'FDUSD',
  'USDT',
  'USDC',
  'BUSD',
  'TUSD',
  'USD',
  'EUR',
  'GBP',
  'TRY',
  'BRL',
  'JPY',
  'BTC',
  'ETH',
  'BNB',
] as const;

/**
 * Dollars in practice: a trader comparing BTC against USD on Coinbase and against USDT on
 * Binance compares one coin, and the few bp between them (the stablecoin's own premium among
 * them) are what the spread is for. Other stablecoins are not counted: their pegs are looser.
 */
export const DOLLAR_QUOTES: ReadonlySet<string> = new Set(['USD', 'USDT', 'USDC']);

/** The base and quote instrument `id` trades, read from its symbol. */
export function instrumentPair(id: string): InstrumentPair {
  const symbol = splitRowName(id).symbol.toUpperCase();
  const parts = symbol.split(/[^A-Z0-9]+/).filter((p) => p !== '');
  if (parts.length === 2) return { base: parts[0]!, quote: parts[1]! };
  const whole = parts.join('');
  const quote = RUN_ON_QUOTES.find((q) => whole.length > q.length && whole.endsWith(q));
  return quote === undefined
    ? { base: whole, quote: null }
    : { base: whole.slice(0, -quote.length), quote };
}

/**
 * How `a` and `b` are one instrument: `same` (one base in one quote, however written), `par`
 * (one base quoted in two of {@link DOLLAR_QUOTES}, taken at par), or null (two instruments).
 */
export function pairMatch(a: string, b: string): 'same' | 'par' | null {
  const pa = instrumentPair(a);
  const pb = instrumentPair(b);
  if (pa.base !== pb.base) return null;
  if (pa.quote === pb.quote) return 'same';
  if (pa.quote === null || pb.quote === null) return null;
  return DOLLAR_QUOTES.has(pa.quote) && DOLLAR_QUOTES.has(pb.quote) ? 'par' : null;
}
