import { describe, expect, it } from 'vitest';
import { formatBp, formatPp, formatSpread, spreadLabel, spreadUnit } from './spread-unit';

describe('spreadUnit (bug 185)', () => {
  it('measures one symbol on two venues in bp, however each writes it', () => {
    expect(spreadUnit('kraken:BTC/USD', 'coinbase:BTC-USD')).toBe('bp');
    expect(spreadUnit('sim:ACME', 'replay:sim:ACME')).toBe('bp');
  });

  it('measures two different instruments in pp, the gap of their % moves', () => {
    expect(spreadUnit('ACME', 'GLBX')).toBe('pp');
    expect(spreadUnit('kraken:BTC/USD', 'kraken:ETH/USD')).toBe('pp');
    expect(spreadLabel('pp', 'ACME', 'GLBX')).toBe('% move of GLBX − % move of ACME (pp)');
    expect(spreadLabel('bp', 'kraken:BTC/USD', 'coinbase:BTC-USD')).toBe(
      'spread coinbase:BTC-USD − kraken:BTC/USD (bp)',
    );
  });

  it('bug 199: measures one coin in USD, USDT and USDC in bp, and says it takes them at par', () => {
    // Before: Binance's BTCUSDT against Coinbase's BTC-USD was two symbols, in pp.
    expect(spreadUnit('coinbase:BTC-USD', 'binance:BTCUSDT')).toBe('bp');
    expect(spreadUnit('binance:BTCUSDC', 'kraken:BTC/USDT')).toBe('bp');
    expect(spreadLabel('bp', 'coinbase:BTC-USD', 'binance:BTCUSDT')).toBe(
      'spread binance:BTCUSDT − coinbase:BTC-USD (bp, 1 USDT taken as 1 USD)',
    );
    // One quote written two ways is no par to speak of.
    expect(spreadLabel('bp', 'binance:BTCUSDT', 'kraken:BTC/USDT')).toBe(
      'spread kraken:BTC/USDT − binance:BTCUSDT (bp)',
    );
  });

  it('keeps pp for one coin in quotes that are not one money (EUR, BTC) or another coin', () => {
    expect(spreadUnit('kraken:BTC/EUR', 'coinbase:BTC-USD')).toBe('pp');
    expect(spreadUnit('binance:ETHBTC', 'binance:ETHUSDT')).toBe('pp');
    expect(spreadUnit('binance:ETHUSDT', 'binance:BTCUSDT')).toBe('pp');
  });
});

describe('formatBp', () => {
  it('signs the spread, keeps a tenth below 100 bp and groups whole bp above', () => {
    expect([3.04, -0.25, 0, -0.04, 99.94, 100, -49_200, 50_200.4].map(formatBp)).toEqual([
      '+3.0 bp',
      '−0.3 bp',
      '0.0 bp',
      '0.0 bp',
      '+99.9 bp',
      '+100 bp',
      '−49,200 bp',
      '+50,200 bp',
    ]);
  });
});

describe('formatPp', () => {
  it('signs the gap with two decimals, as the % axis reads', () => {
    expect([1.254, -0.5, 0, -0.001].map(formatPp)).toEqual([
      '+1.25 pp',
      '−0.50 pp',
      '0.00 pp',
      '0.00 pp',
    ]);
    expect(formatSpread('pp', 2)).toBe('+2.00 pp');
    expect(formatSpread('bp', 2)).toBe('+2.0 bp');
  });
});
