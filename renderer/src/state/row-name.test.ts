import { describe, expect, it } from 'vitest';
import { splitRowName } from './row-name';

describe('splitRowName', () => {
  it('splits off the source, and for a replayed set the recorded source too', () => {
    expect(splitRowName('ACME')).toEqual({ sources: [], symbol: 'ACME' });
    expect(splitRowName('kraken:BTC/USD')).toEqual({ sources: ['kraken'], symbol: 'BTC/USD' });
    expect(splitRowName('replay:ACME')).toEqual({ sources: ['replay'], symbol: 'ACME' });
    expect(splitRowName('replay:kraken-2:BTC/USD')).toEqual({
      sources: ['replay', 'kraken-2'],
      symbol: 'BTC/USD',
    });
  });

  it("leaves a colon that belongs to the feed's own id in the symbol", () => {
    // Only a replay's instruments carry a second prefix; an id may hold colons of its own.
    expect(splitRowName('sim:a:b')).toEqual({ sources: ['sim'], symbol: 'a:b' });
    expect(splitRowName('Not A Source:x')).toEqual({ sources: [], symbol: 'Not A Source:x' });
  });

  it('gives back the whole id', () => {
    for (const id of ['ACME', 'kraken:BTC/USD', 'replay:sim:ACME', 'sim:a:b']) {
      const name = splitRowName(id);
      expect([...name.sources, name.symbol].join(':')).toBe(id);
    }
  });
});
