import { describe, expect, it } from 'vitest';
import { instrumentPair, pairMatch } from './instrument-pair';

describe('instrumentPair', () => {
  it("reads base and quote from a separated symbol, or Binance's run-on one", () => {
    expect(instrumentPair('kraken:BTC/USD')).toEqual({ base: 'BTC', quote: 'USD' });
    expect(instrumentPair('coinbase:eth-usdc')).toEqual({ base: 'ETH', quote: 'USDC' });
    expect(instrumentPair('binance:BTCUSDT')).toEqual({ base: 'BTC', quote: 'USDT' });
    expect(instrumentPair('replay:binance:BNBBTC')).toEqual({ base: 'BNB', quote: 'BTC' });
    // The longest quote that ends it: FDUSD, not USD.
    expect(instrumentPair('BTCFDUSD')).toEqual({ base: 'BTC', quote: 'FDUSD' });
  });

  it('names no quote for a symbol that has none, nor for a quote alone', () => {
    expect(instrumentPair('sim:ACME')).toEqual({ base: 'ACME', quote: null });
    expect(instrumentPair('USDT')).toEqual({ base: 'USDT', quote: null });
  });
});

describe('pairMatch', () => {
  it('tells one symbol, one coin in dollars of two kinds, and two instruments apart', () => {
    expect(pairMatch('sim:ACME', 'replay:sim:ACME')).toBe('same');
    expect(pairMatch('kraken:BTC/USD', 'coinbase:BTC-USD')).toBe('same');
    expect(pairMatch('coinbase:BTC-USD', 'binance:BTCUSDT')).toBe('par');
    expect(pairMatch('kraken:BTC/EUR', 'coinbase:BTC-USD')).toBeNull();
    expect(pairMatch('BTC', 'BTC-USD')).toBeNull();
    expect(pairMatch('ACME', 'GLBX')).toBeNull();
  });
});
