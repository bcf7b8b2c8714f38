import { describe, expect, it } from 'vitest';
import { known, side } from './fields';

describe('side', () => {
  it('reads "buy" and "sell" as written', () => {
    expect(side({ side: 'buy' }, 'side', 'trade')).toBe('buy');
    expect(side({ s: 'sell' }, 's', 'match')).toBe('sell');
  });

  it('refuses any other value, naming the field and what came', () => {
    expect(() => side({ side: 'short' }, 'side', 'trade.data[0]')).toThrow(
      'trade.data[0].side: expected "buy" or "sell", got the string "short"',
    );
    expect(() => side({}, 'side', 'match')).toThrow(
      'match.side: expected a string, got nothing (field missing)',
    );
  });
});

describe('known', () => {
  const states = new Map([
    ['BTC/USD', { n: 1 }],
    ['ETH/USD', { n: 2 }],
  ]);

  it('gives the instrument named and the state kept for it', () => {
    expect(known(states, { symbol: 'ETH/USD' }, 'symbol', 'ticker.data[0]')).toEqual([
      'ETH/USD',
      { n: 2 },
    ]);
  });

  it('refuses an instrument not subscribed, listing those that are', () => {
    expect(() => known(states, { symbol: 'XBT/USD' }, 'symbol', 'trade.data[1]')).toThrow(
      'trade.data[1].symbol: expected one of BTC/USD, ETH/USD, got the string "XBT/USD"',
    );
  });
});
