import { describe, expect, it } from 'vitest';
import { checkSettingsPatch } from './settings-check';
import { readSettings } from './settings-read';
import {
  MAX_RETIRED_SOURCES,
  nameNewSource,
  readRetiredSources,
  retireSources,
} from './retired-sources';
import { PATCH } from './command-args';

const K1 = { feed: 'kraken:BTC/USD', endpoint: 'ws://127.0.0.1:1' };
const K2 = { feed: 'kraken:BTC/USD', endpoint: 'ws://127.0.0.1:2' };
const K3 = { feed: 'kraken:BTC/USD', endpoint: 'ws://127.0.0.1:3' };
const SIM = { feed: null, endpoint: null, name: 'sim' };

describe('retireSources', () => {
  it('remembers a source that left, with its feed, and forgets it once its name is back', () => {
    const before = [SIM, { ...K1, name: 'kraken' }, { ...K2, name: 'kraken-2' }];
    const retired = retireSources([], before, before.slice(0, 2));
    expect(retired).toEqual([{ ...K2, name: 'kraken-2' }]);
    expect(retireSources(retired, before.slice(0, 2), before)).toEqual([]);
  });

  it('retires every named source a switch to one source drops (that form names none)', () => {
    const before = [SIM, { ...K1, name: 'kraken' }];
    const one = [{ feed: 'coinbase:BTC-USD', endpoint: null }];
    expect(retireSources([], before, one).map((c) => c.name)).toEqual(['sim', 'kraken']);
  });

  it('keeps the newest name once, and at most MAX_RETIRED_SOURCES, forgetting the oldest', () => {
    const many = Array.from({ length: MAX_RETIRED_SOURCES + 5 }, (_, i) => ({
      ...K1,
      name: `kraken-${i + 2}`,
    }));
    const retired = many.reduce(
      (list, source) => retireSources(list, [SIM, source], [SIM]),
      retireSources([], [SIM, { ...K3, name: 'kraken-2' }], [SIM]),
    );
    expect(retired).toHaveLength(MAX_RETIRED_SOURCES);
    expect(retired.at(-1)!.name).toBe(`kraken-${MAX_RETIRED_SOURCES + 6}`);
    expect(new Set(retired.map((c) => c.name)).size).toBe(MAX_RETIRED_SOURCES);
  });
});

describe('nameNewSource', () => {
  const retired = [{ ...K2, name: 'kraken-2' }];
  it('never gives a retired name to another feed', () => {
    expect(nameNewSource(K3.feed, K3.endpoint, ['sim', 'kraken'], retired)).toBe('kraken-3');
    expect(nameNewSource(K3.feed, K3.endpoint, ['sim'], retired)).toBe('kraken');
  });

  it('gives the same feed its name back when it is free, else a fresh one', () => {
    expect(nameNewSource(K2.feed, K2.endpoint, ['sim', 'kraken'], retired)).toBe('kraken-2');
    expect(nameNewSource(K2.feed, K2.endpoint, ['kraken', 'kraken-2'], retired)).toBe('kraken-3');
    expect(nameNewSource('ws://replay', null, [], [])).toBe('replay-2');
  });
});

describe('retiredSources in the settings', () => {
  it('is read entry by entry: a bad one reported and dropped, a name listed twice kept once', () => {
    const read = readSettings({
      retiredSources: [{ ...K1, name: 'kraken' }, { ...K2 }, { ...K3, name: 'kraken' }, 7],
    });
    expect(read.settings.retiredSources).toEqual([{ ...K3, name: 'kraken' }]);
    expect(read.problems).toEqual([
      'retiredSources: entry 2: name: expected a source name',
      'retiredSources: entry 4: expected { feed, endpoint, name }',
    ]);
    expect(readRetiredSources('x').problems).toEqual(['retiredSources: expected a list']);
  });

  it('reads at most the newest MAX_RETIRED_SOURCES', () => {
    const list = Array.from({ length: MAX_RETIRED_SOURCES + 1 }, (_, i) => ({
      ...K1,
      name: `k-${i}`,
    }));
    const read = readRetiredSources(list);
    expect(read.sources.map((c) => c.name)).toEqual(list.slice(1).map((c) => c.name));
    expect(read.problems).toHaveLength(1);
  });

  it('is not the page’s to change', () => {
    const patch = { retiredSources: [] };
    expect(checkSettingsPatch(patch).ok).toBe(true);
    expect(PATCH.check(patch)).toMatch(/^retiredSources: kept by the app/);
  });
});
