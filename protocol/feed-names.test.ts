import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameAfterSaved, nameFeeds } from './feed-names';
import { readSettingsFile, settingsFileOf } from './settings-file';
import { parseWorkspaceFile, workspaceFileText } from './workspace-file';
import { REPLAY_SOURCE_NAME, checkSourceName, sourceNamesFor } from './source-names';

const K1 = { feed: 'kraken:BTC/USD', endpoint: 'ws://127.0.0.1:1' };
const K2 = { feed: 'kraken:BTC/USD', endpoint: 'ws://127.0.0.1:2' };
const K3 = { feed: 'kraken:ETH/USD', endpoint: null };
const SIM = { feed: null, endpoint: null };
const names = (feeds: readonly { name?: string }[]) => feeds.map((f) => f.name);

describe('nameFeeds', () => {
  it('keeps each saved name whatever the order or the sources before it', () => {
    expect(names(nameFeeds([{ ...K2, name: 'kraken-2' }]).feeds)).toEqual(['kraken-2']);
    const swapped = nameFeeds([SIM, { ...K2, name: 'kraken-2' }, { ...K1, name: 'kraken' }]);
    expect(names(swapped.feeds)).toEqual(['sim', 'kraken-2', 'kraken']);
    expect(swapped.problems).toEqual([]);
  });

  it('names a list saved without names in order, as the apps before named it at each start', () => {
    const feeds = [SIM, K1, K2, K3, { feed: 'ws://[::1]:9/a', endpoint: null }];
    expect(names(nameFeeds(feeds).feeds)).toEqual(sourceNamesFor(feeds.map((f) => f.feed)));
  });

  it("never gives a source without a name another's saved name, nor the replay's", () => {
    const read = nameFeeds([K1, { ...K2, name: 'kraken' }, { ...K3, name: 'kraken-2' }]);
    expect(names(read.feeds)).toEqual(['kraken-3', 'kraken', 'kraken-2']);
    expect(names(nameFeeds([{ feed: 'ws://replay', endpoint: null }]).feeds)).toEqual(['replay-2']);
    expect(names(nameFeeds([K1], ['kraken']).feeds)).toEqual(['kraken-2']);
  });

  it('reports a bad or clashing name by place and name, and names that source afresh', () => {
    const read = nameFeeds([
      { ...K1, name: 'kraken' },
      { ...K2, name: 'kraken' },
      { ...K3, name: 'replay' },
      { ...SIM, name: 'Not Valid' },
      { ...SIM, name: 42 },
    ]);
    expect(read.feeds.map((f) => [f.endpoint, f.name])).toEqual([
      [K1.endpoint, 'kraken'],
      [K2.endpoint, 'kraken-2'],
      [null, 'kraken-3'],
      [null, 'sim'],
      [null, 'sim-2'],
    ]);
    expect(read.problems).toEqual([
      `feeds: source 2: name "kraken" is source 1's too; named "kraken-2"`,
      `feeds: source 3: name: "replay" is the replay's; named "kraken-3"`,
      expect.stringMatching(
        /^feeds: source 4: name: "Not Valid" is not a valid source name.*; named "sim"$/,
      ),
      `feeds: source 5: name: expected a source name; named "sim-2"`,
    ]);
  });

  it('names desk (NATS) sources by their own name, one name on two clusters told apart', () => {
    const desk = (port: number) => ({ feed: `nats://127.0.0.1:${port}/desk`, endpoint: null });
    const read = nameFeeds([desk(4222), { ...desk(4223), name: 'desk' }, SIM]);
    expect(read.problems).toEqual([]);
    expect(names(read.feeds)).toEqual(['desk-2', 'desk', 'sim']);
  });
});

describe('nameFeeds on any saved list', () => {
  it('keeps every source, gives each a valid name of its own, and keeps each good name saved first', () => {
    const name = fc.oneof(
      fc.constantFrom('kraken', 'kraken-2', 'sim', 'replay', 'Bad', '', 'a'.repeat(40)),
      fc.anything(),
    );
    const entry = fc.record(
      {
        feed: fc.constantFrom(null, K1.feed, K3.feed, 'ws://h:1/a'),
        endpoint: fc.constant(null),
        name,
      },
      { requiredKeys: ['feed', 'endpoint'] },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 16 }), (feeds) => {
        const read = nameFeeds(feeds);
        const given = names(read.feeds) as string[];
        expect(read.feeds.map((f) => f.feed)).toEqual(feeds.map((f) => f.feed));
        expect(new Set(given).size).toBe(given.length);
        for (const n of given) {
          expect(checkSourceName(n)).toBeNull();
          expect(n).not.toBe(REPLAY_SOURCE_NAME);
        }
        feeds.forEach((f, i) => {
          const good =
            typeof f.name === 'string' &&
            f.name !== REPLAY_SOURCE_NAME &&
            checkSourceName(f.name) === null &&
            !feeds.slice(0, i).some((e) => e.name === f.name);
          if (good) expect(given[i]).toBe(f.name);
        });
      }),
    );
  });
});

describe('nameAfterSaved (the command line)', () => {
  const saved = nameFeeds([SIM, K1, K2]).feeds;

  it('gives a saved feed its saved name, in any order of the flags', () => {
    expect(names(nameAfterSaved([K2, SIM], saved))).toEqual(['kraken-2', 'sim']);
    expect(names(nameAfterSaved([K2, K1], saved))).toEqual(['kraken-2', 'kraken']);
  });

  it('gives a feed not saved a name no saved source has', () => {
    expect(names(nameAfterSaved([SIM, { ...K1, endpoint: null }], saved))).toEqual([
      'sim',
      'kraken-3',
    ]);
  });

  it('gives each saved name once when one feed is given twice', () => {
    expect(names(nameAfterSaved([K1, K1], saved))).toEqual(['kraken', 'kraken-3']);
  });

  it('knows `--feed sim` (or `embedded`) as the saved simulator, whose feed is null (bug 149)', () => {
    for (const feed of ['sim', 'embedded', ''])
      expect(names(nameAfterSaved([K1, { feed, endpoint: null }], saved))).toEqual([
        'kraken',
        'sim',
      ]);
  });

  it('names in order when nothing is saved', () => {
    expect(names(nameAfterSaved([K2, K1], []))).toEqual(['kraken', 'kraken-2']);
  });
});

describe('the settings and workspace files', () => {
  it('saves each source with its name and reads it back so (version 3)', () => {
    const { settings } = readSettingsFile({ version: 2, feeds: [SIM, K1, K2] });
    const file = JSON.parse(JSON.stringify(settingsFileOf(settings))) as Record<string, unknown>;
    expect(file).toMatchObject({
      version: 3,
      feeds: [
        { ...SIM, name: 'sim' },
        { ...K1, name: 'kraken' },
        { ...K2, name: 'kraken-2' },
      ],
    });
    const second = { ...file, feeds: (file.feeds as object[]).slice(2) };
    expect(names(readSettingsFile(second).settings.feeds)).toEqual(['kraken-2']);
  });

  it('keeps a source whose saved name is bad, and says which', () => {
    const read = readSettingsFile({ version: 3, feeds: [SIM, { ...K1, name: 'replay' }] });
    expect(read.settings.feeds).toEqual([
      { ...SIM, name: 'sim' },
      { ...K1, name: 'kraken' },
    ]);
    expect(read.problems).toEqual([
      `feeds: source 2: name: "replay" is the replay's; named "kraken"`,
    ]);
  });

  it('a workspace file carries the names too; one of version 2 is named in order', () => {
    const v2 = { tickdeck: 'workspace', version: 2, name: 'Desk', settings: { feeds: [K2, K1] } };
    const read = parseWorkspaceFile(JSON.stringify(v2));
    if (!read.ok) throw new Error(read.error);
    expect(names(read.value.workspace.settings.feeds)).toEqual(['kraken', 'kraken-2']);
    const again = JSON.parse(workspaceFileText(read.value.workspace)) as typeof v2;
    expect(again.version).toBe(3);
    const first = parseWorkspaceFile(
      JSON.stringify({ ...again, settings: { feeds: again.settings.feeds.slice(1) } }),
    );
    expect(first.ok && names(first.value.workspace.settings.feeds)).toEqual(['kraken-2']);
  });
});
