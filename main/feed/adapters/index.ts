/**
 * One entry point for the exchange translators: validates an exchange's symbols and creates
 * its translator.
 */
import type { Exchange } from '../../../protocol/feed-target';
import { checkBinanceSymbols, createBinanceTranslator } from './binance';
import { checkCoinbaseProducts, createCoinbaseTranslator } from './coinbase';
import { checkKrakenPairs, createKrakenTranslator } from './kraken';
import { createPolymarketSportsTranslator } from './polymarket-sports';
import type { AdapterContext, Translator } from './translator';

export type {
  AdapterContext,
  AdapterError,
  FeedRules,
  ResyncNeed,
  Translation,
  Translator,
} from './translator';
export { createAdapterContext } from './translator';

/** Checks the symbols a user gave for an exchange; returns a readable error or null. */
export function checkSymbols(exchange: Exchange, symbols: readonly string[]): string | null {
  switch (exchange) {
    case 'binance':
      return symbols.length === 0
        ? 'binance needs a symbol, e.g. binance:btcusdt'
        : checkBinanceSymbols(symbols);
    case 'coinbase':
      return symbols.length === 0
        ? 'coinbase needs a product, e.g. coinbase:BTC-USD'
        : checkCoinbaseProducts(symbols);
    case 'kraken':
      return symbols.length === 0
        ? 'kraken needs a pair, e.g. kraken:BTC/USD'
        : checkKrakenPairs(symbols);
    case 'polymarket-sports':
      return null; // optional league or slug filters
  }
}

/** A new translator for one connection; `ctx` is shared by every connection of the feed. */
export function createTranslator(
  exchange: Exchange,
  symbols: readonly string[],
  ctx: AdapterContext,
): Translator {
  switch (exchange) {
    case 'binance':
      return createBinanceTranslator(symbols, ctx);
    case 'coinbase':
      return createCoinbaseTranslator(symbols, ctx);
    case 'kraken':
      return createKrakenTranslator(symbols, ctx);
    case 'polymarket-sports':
      return createPolymarketSportsTranslator(symbols, ctx);
  }
}
