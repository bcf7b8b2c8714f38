import { describe, expect, it } from 'vitest';
import { checkEndpointField, checkFeedField, readFeedChoices } from './feed-choice-check';
import { MAX_SOURCES } from './source-names';

describe('checkFeedField and checkEndpointField', () => {
  it('accept a feed target, a ws:// URL, or null', () => {
    expect(checkFeedField(null)).toBeNull();
    expect(checkFeedField('kraken:BTC/USD')).toBeNull();
    expect(checkEndpointField(null)).toBeNull();
    expect(checkEndpointField('wss://example.org/ws')).toBeNull();
  });

  it('refuse anything else, naming the setting', () => {
    expect(checkFeedField(7)).toBe('feed: expected a string or null');
    expect(checkFeedField('nasdaq')).toMatch(/^feed: /);
    expect(checkEndpointField(7)).toBe('feedEndpoint: expected a ws:// URL or null');
    expect(checkEndpointField('http://example.org')).toMatch(/^feedEndpoint: /);
  });
});

describe('readFeedChoices', () => {
  it('keeps the valid sources and names each bad one by its place', () => {
    const read = readFeedChoices([
      { feed: 'kraken:BTC/USD', endpoint: null },
      { feed: 'nasdaq' },
      { feed: null, endpoint: 'http://x' },
      { feed: null, extra: 1 },
      'coinbase',
      {},
    ]);
    expect(read.feeds).toEqual([
      { feed: 'kraken:BTC/USD', endpoint: null, name: 'kraken' },
      { feed: null, endpoint: null, name: 'sim' },
    ]);
    expect(read.problems).toHaveLength(4);
    expect(read.problems[0]).toMatch(/^feeds: source 2: feed: /);
    expect(read.problems[1]).toMatch(/^feeds: source 3: endpoint: /);
    expect(read.problems[2]).toBe('feeds: source 4: unknown field "extra"');
    expect(read.problems[3]).toBe('feeds: source 5: expected { feed, endpoint, name }');
  });

  it(`reads at most ${MAX_SOURCES} sources and says so`, () => {
    const read = readFeedChoices(Array.from({ length: MAX_SOURCES + 2 }, () => ({ feed: null })));
    expect(read.feeds).toHaveLength(MAX_SOURCES);
    expect(read.problems).toEqual([`feeds: at most ${MAX_SOURCES} sources`]);
  });

  it('refuses what is not a list', () => {
    expect(readFeedChoices({})).toEqual({ feeds: [], problems: ['feeds: expected a list'] });
  });
});
