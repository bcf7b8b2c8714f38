/**
 * One entry point for the exchange translators: creates an exchange's translator.
 */
import type { Exchange } from '../../../protocol/feed-target';
import { createBinanceTranslator } from './binance';
import { createCoinbaseTranslator } from './coinbase';
import { createKrakenTranslator } from './kraken';
import { createPolymarketSportsTranslator } from './polymarket-sports';
import type { AdapterContext, Translator } from './translator';

export type {
  AdapterContext,
  AdapterError,
  ConnectionRules,
  ResyncNeed,
  Translation,
  Translator,
} from './translator';
export { createAdapterContext } from './translator';
export { checkSymbols } from './symbols';

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
