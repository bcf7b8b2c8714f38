import { describe, expect, it } from 'vitest';
import { dec, known, side } from './fields';

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

describe('dec', () => {
  it('reads a price or size exactly, in plain or exponent form', () => {
    expect(dec({ p: '0.000000000000000123' }, 'p', 'data')).toMatchObject({ value: 1.23e-16 });
    expect(dec({ p: '1.5e-7' }, 'p', 'data')).toMatchObject({ text: '0.00000015' });
    expect(dec({ change: -0.25 }, 'change', 'ticker', true, true).value).toBe(-0.25);
  });

  it('refuses a negative or non-finite price or size, naming the field', () => {
    expect(() => dec({ q: '-1' }, 'q', 'data')).toThrow(
      'data.q: expected a finite decimal >= 0, got the string "-1"',
    );
    expect(() => dec({ bid: -0.5 }, 'bid', 'ticker.data[0]', true)).toThrow(
      'ticker.data[0].bid: expected a finite decimal >= 0, got the number -0.5',
    );
    expect(() => dec({ p: '9'.repeat(400) }, 'p', 'data')).toThrow(
      'data.p: expected a finite decimal >= 0',
    );
    expect(() => dec({ change: '-' + '9'.repeat(400) }, 'change', 'ticker', false, true)).toThrow(
      'ticker.change: expected a finite decimal',
    );
  });
});
