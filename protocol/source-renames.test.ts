import { describe, expect, it } from 'vitest';
import { SAMPLE_RULE } from '../test-support/alert-rules';
import { readSettingsFile, settingsFileOf } from './settings-file';
import { sourceNamesFor, sourceOfInstrument } from './source-names';
import { sourceRenames } from './source-renames';
import { parseWorkspaceFile, readWorkspaceList, workspaceFileText } from './workspace-file';

const A = 'ws://127.0.0.1:8080'; // carries ACME at 100
const B = 'ws://127.0.0.1:9090'; // carries its own ACME, at 900

/** A settings file as the app wrote it before bug 112 (no version): `feeds`, names by rule 1. */
function oldFile(feeds: readonly string[]) {
  const [first, second] = sourceNamesFor(feeds, 1);
  return {
    feeds: feeds.map((feed) => ({ feed, endpoint: null })),
    focused: [`${first}:ACME`, `${second}:ACME`],
    pinned: [`${second}:ACME`],
    hidden: [`${first}:GLBX`],
    chartSetups: { [`${first}:ACME`]: { indicators: [], priceLines: [100] } },
    alerts: [
      { ...SAMPLE_RULE, id: 'a', instrument: `${first}:ACME` },
      { ...SAMPLE_RULE, id: 'b', instrument: `${second}:ACME` },
      { ...SAMPLE_RULE, id: 'feed', instrument: '*', condition: { type: 'stalled' } },
    ],
    windows: [
      {
        panel: { panel: 'chart', instrument: `${second}:ACME` },
        bounds: { x: 0, y: 0, width: 800, height: 600 },
        displayId: null,
      },
    ],
  };
}

/** The source a saved name is shown from when the app starts with `feeds` (null: pending). */
const shownFrom = (name: string, feeds: readonly (string | null)[]) => {
  const names = sourceNamesFor(feeds);
  const source = sourceOfInstrument(name, names);
  return source === null ? null : feeds[names.indexOf(source)];
};

describe('settings saved under the host-only naming rule', () => {
  it.each([
    ['in the order added', [A, B]],
    ['added the other way round', [B, A]],
  ])('keeps each chart, alert and window on its own server (%s)', (_, feeds) => {
    const { settings, problems } = readSettingsFile(oldFile(feeds));
    expect(problems).toEqual([]);
    const [first, second] = feeds.map((feed) => sourceNamesFor([feed])[0]!);
    expect(settings.focused).toEqual([`${first}:ACME`, `${second}:ACME`]);
    expect(settings.pinned).toEqual([`${second}:ACME`]);
    expect(settings.hidden).toEqual([`${first}:GLBX`]);
    expect(Object.keys(settings.chartSetups)).toEqual([`${first}:ACME`]);
    expect(settings.alerts.map((rule) => rule.instrument)).toEqual([
      `${first}:ACME`,
      `${second}:ACME`,
      '*',
    ]);
    expect(settings.windows[0]!.panel).toEqual({ panel: 'chart', instrument: `${second}:ACME` });
    // Started again with the list turned round, or with one server gone and the simulator:
    // what was A's stays A's, and what was A's is pending when A is not there.
    const [onFirst, onSecond] = settings.focused;
    for (const now of [[...feeds].reverse(), feeds]) {
      expect(shownFrom(onFirst!, now)).toBe(feeds[0]);
      expect(shownFrom(onSecond!, now)).toBe(feeds[1]);
    }
    expect(shownFrom(onFirst!, [null, feeds[1]!])).toBeNull();
    expect(shownFrom(onSecond!, [null, feeds[1]!])).toBe(feeds[1]);
    expect(shownFrom(settings.alerts[0]!.instrument, [null, feeds[1]!])).toBeNull();
  });

  it('leaves a name whose source is not in the saved list as it was, pending', () => {
    const file = { ...oldFile([A, B]), focused: ['kraken-2:BTC/USD', '127-0-0-1-3:ACME', 'ACME'] };
    expect(readSettingsFile(file).settings.focused).toEqual([
      'kraken-2:BTC/USD',
      '127-0-0-1-3:ACME',
      'ACME',
    ]);
  });

  it('renames once: a file the app wrote since is read as it is', () => {
    // Rule 1 named these `h` and `h-8080`; now they are `h-8080` and `h-8080-2`, so renaming a
    // file twice would move the first server's names onto the second.
    const feeds = ['ws://h:8080', 'ws://h-8080'];
    expect(sourceRenames(feeds, 1)).toEqual(
      new Map([
        ['h', 'h-8080'],
        ['h-8080', 'h-8080-2'],
      ]),
    );
    const old = {
      feeds: feeds.map((feed) => ({ feed, endpoint: null })),
      focused: ['h:X', 'h-8080:X'],
    };
    const read = readSettingsFile(old).settings;
    expect(read.focused).toEqual(['h-8080:X', 'h-8080-2:X']);
    expect(readSettingsFile(JSON.parse(JSON.stringify(settingsFileOf(read)))).settings).toEqual(
      read,
    );
  });

  it('reads a settings file of an unknown version as the current one, saying so', () => {
    const read = readSettingsFile({ version: 'x', ...oldFile([A, B]) });
    expect(read.problems).toEqual(['version: expected 1 to 3; read as 3']);
    expect(read.settings.focused).toEqual(['127-0-0-1:ACME', '127-0-0-1-2:ACME']);
  });

  it('renames nothing where the rules agree (one source, the simulator, exchanges, default ports)', () => {
    expect(
      sourceRenames([null, 'kraken:BTC/USD', 'kraken:ETH/USD', 'wss://x.example'], 1).size,
    ).toBe(0);
    const file = { feed: A, focused: ['ACME'], alerts: [{ ...SAMPLE_RULE, instrument: 'ACME' }] };
    const { settings } = readSettingsFile(file);
    expect(settings.focused).toEqual(['ACME']);
    expect(settings.alerts[0]!.instrument).toBe('ACME');
  });
});

describe('workspaces saved under the host-only naming rule', () => {
  it('renames an exported file of version 1 and writes version 3', () => {
    const text = JSON.stringify({
      tickdeck: 'workspace',
      version: 1,
      name: 'Desk',
      settings: oldFile([B, A]),
    });
    const read = parseWorkspaceFile(text);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.workspace.settings.focused).toEqual([
      '127-0-0-1-9090:ACME',
      '127-0-0-1-8080:ACME',
    ]);
    const again = workspaceFileText(read.value.workspace);
    expect(JSON.parse(again)).toMatchObject({ version: 3 });
    const reread = parseWorkspaceFile(again);
    expect(reread.ok && reread.value.workspace).toEqual(read.value.workspace);
  });

  it("renames the host's workspaces file of version 1, not of version 2", () => {
    const list = (version: number) => ({
      version,
      current: 'Desk',
      workspaces: [{ name: 'Desk', settings: oldFile([A, B]) }],
    });
    const focused = (version: number) =>
      readWorkspaceList(list(version)).list.workspaces[0]!.settings.focused;
    expect(focused(1)).toEqual(['127-0-0-1-8080:ACME', '127-0-0-1-9090:ACME']);
    expect(focused(2)).toEqual(['127-0-0-1:ACME', '127-0-0-1-2:ACME']);
  });
});
