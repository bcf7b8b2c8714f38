/**
 * What a user may type after `<exchange>:` and the instrument each symbol becomes. Symbols are
 * checked before connecting so a typo is reported at once, in the exchange's own terms.
 */
import type { Exchange } from '../../../protocol/feed-target';
import type { MarketInstrument } from '../../../protocol/feed';
import { quoteInput } from '../../../protocol/quote-input';

/** Binance streams per symbol (trade, bookTicker, kline_1m, depth20@100ms) and per connection. */
export const BINANCE_STREAMS_PER_SYMBOL = 4;
export const BINANCE_MAX_STREAMS = 1024;
const BINANCE_SYMBOL = /^[a-z0-9]{2,20}$/;
const COINBASE_PRODUCT = /^[A-Z0-9]{1,12}-[A-Z0-9]{1,12}$/;
const KRAKEN_PAIR = /^[A-Z0-9]{1,12}\/[A-Z0-9]{1,12}$/;
/** Until the exchange reveals a precision, prices are not rounded for display. */
const UNKNOWN_TICK_SIZE = 0.00000001;

export function checkBinanceSymbols(symbols: readonly string[]): string | null {
  const bad = symbols.find((s) => !BINANCE_SYMBOL.test(s.toLowerCase()));
  if (bad !== undefined)
    return `binance: ${quoteInput(bad)} is not a Binance symbol (letters and digits, e.g. btcusdt)`;
  const most = Math.floor(BINANCE_MAX_STREAMS / BINANCE_STREAMS_PER_SYMBOL);
  return symbols.length > most ? `binance: at most ${most} symbols per connection` : null;
}

export function checkCoinbaseProducts(products: readonly string[]): string | null {
  const bad = products.find((p) => !COINBASE_PRODUCT.test(p.toUpperCase()));
  return bad === undefined
    ? null
    : `coinbase: ${quoteInput(bad)} is not a Coinbase product id (e.g. BTC-USD)`;
}

export function checkKrakenPairs(pairs: readonly string[]): string | null {
  const bad = pairs.find((p) => !KRAKEN_PAIR.test(p.toUpperCase()));
  if (bad !== undefined) return `kraken: ${quoteInput(bad)} is not a Kraken pair (e.g. BTC/USD)`;
  const xbt = pairs.find((p) => /(^|\/)XBT(\/|$)/i.test(p));
  return xbt === undefined
    ? null
    : `kraken: ${quoteInput(xbt)}: WebSocket v2 names bitcoin BTC, not XBT (e.g. BTC/USD)`;
}

/** Checks the symbols a user gave for an exchange; returns a readable error or null. */
export function checkSymbols(exchange: Exchange, symbols: readonly string[]): string | null {
  if (exchange !== 'polymarket-sports' && symbols.length === 0)
    return `${exchange} needs at least one symbol`;
  switch (exchange) {
    case 'binance':
      return checkBinanceSymbols(symbols);
    case 'coinbase':
      return checkCoinbaseProducts(symbols);
    case 'kraken':
      return checkKrakenPairs(symbols);
    case 'polymarket-sports':
      return null; // optional league or slug filters
  }
}

/** Binance ids are the uppercase symbol, as in the payloads' `s` field. */
export function binanceInstrument(symbol: string): MarketInstrument {
  const id = symbol.toUpperCase();
  return { id, kind: 'market', name: `${id} · Binance`, tickSize: UNKNOWN_TICK_SIZE };
}

export function coinbaseInstrument(product: string): MarketInstrument {
  const [base, quote] = product.split('-');
  const name = `${base}/${quote} · Coinbase`;
  return { id: product, kind: 'market', name, currency: quote, tickSize: UNKNOWN_TICK_SIZE };
}

export function krakenInstrument(pair: string): MarketInstrument {
  const currency = pair.split('/')[1];
  const name = `${pair} · Kraken`;
  return { id: pair, kind: 'market', name, currency, tickSize: UNKNOWN_TICK_SIZE };
}
