import { describe, expect, it } from 'vitest';
import { ruleLine } from '../../../test-support/alert-rules';
import { kindHint, pendingHint, qualifiedNames } from './pending-hint';

describe('pendingHint', () => {
  const names = qualifiedNames(['sim:ACME', 'sim-2:ACME', 'kraken:BTC/USD', 'BOLT', 'a:b:c']);

  it("names the sources' ids a bare id may have meant", () => {
    expect(pendingHint('ACME', names)).toBe('name it by its source: sim:ACME or sim-2:ACME');
    expect(pendingHint('BTC/USD', names)).toBe('name it by its source: kraken:BTC/USD');
    expect(pendingHint('b:c', names)).toBe('name it by its source: a:b:c');
  });

  it('says nothing for an id no source has, or one already named by its source', () => {
    expect(pendingHint('NOPE', names)).toBeNull();
    expect(pendingHint('sim:ACME', names)).toBeNull();
    expect(pendingHint('BOLT', names)).toBeNull(); // unprefixed: one source, no other name
  });

  it('counts the names past three instead of listing them', () => {
    const many = qualifiedNames(['a:X', 'b:X', 'c:X', 'd:X', 'e:X']);
    expect(pendingHint('X', many)).toBe('name it by its source: a:X or b:X or c:X (2 more)');
  });
});

describe('kindHint', () => {
  const kinds = new Map([
    ['ACME', 'market'],
    ['m1', 'sports'],
  ] as const);
  it('says a sports rule on a market, or a price rule on a match, never fires', () => {
    expect(kindHint(ruleLine('match:ACME goal', 'g'), kinds)).toBe(
      'ACME is a market, not a match: a goal rule never fires on it',
    );
    expect(kindHint(ruleLine('m1 above 1', 'p'), kinds)).toBe(
      'm1 is a match, not a market: a price, spread or volume rule never fires on it',
    );
  });

  it('says nothing of a rule on its own kind, an unknown id or the feed', () => {
    expect(kindHint(ruleLine('ACME above 1', 'p'), kinds)).toBeNull();
    expect(kindHint(ruleLine('match:m1 goal', 'g'), kinds)).toBeNull();
    expect(kindHint(ruleLine('match:NOPE goal', 'g'), kinds)).toBeNull();
    expect(kindHint(ruleLine('feed gap', 'f'), kinds)).toBeNull();
  });
});
