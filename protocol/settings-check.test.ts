import { describe, expect, it } from 'vitest';
import { checkSettingsPatch } from './settings-check';
import { MAX_FOCUSED, MAX_WATCHLIST_IDS } from './ipc';

describe('checkSettingsPatch', () => {
  it('accepts every valid field', () => {
    const patch = {
      feed: 'binance:btcusdt',
      feedEndpoint: 'wss://stream.example.com:9443/ws',
      batchHz: 60,
      theme: 'light',
      chartWindowMin: 15,
      barIntervalMs: 60_000,
      focused: ['ACME', 'm1'],
      watchlistColumns: ['last', 'spread', 'bidSize'],
      pinned: ['GLBX'],
      hidden: ['ACME'],
      compareOverlay: true,
      alertSound: true,
      alertNotifications: true,
    };
    expect(checkSettingsPatch(patch)).toEqual({ ok: true, value: patch });
    expect(checkSettingsPatch({ feed: null, feedEndpoint: null })).toMatchObject({ ok: true });
    for (const recordingsDir of [null, '/data/rec', 'C:\\Users\\me\\rec', '\\\\nas\\rec'])
      expect(checkSettingsPatch({ recordingsDir })).toMatchObject({ ok: true });
    const tooLong = `/${'x'.repeat(5000)}`;
    expect(checkSettingsPatch({ recordingsDir: tooLong })).toMatchObject({ ok: false });
    expect(checkSettingsPatch({})).toMatchObject({ ok: true });
  });

  it.each([
    [[], /settings: expected an object/],
    [{ feed: 42 }, /^feed: expected a string or null/],
    [{ feed: 'nasdaq:AAPL' }, /^feed: unknown feed "nasdaq"/],
    [{ feedEndpoint: 'http://x' }, /^feedEndpoint: .*ws:\/\//],
    [{ feedEndpoint: 5 }, /^feedEndpoint: expected a ws:\/\/ URL or null/],
    [{ batchHz: 0 }, /^batchHz: expected a whole number from 1 to 120/],
    [{ batchHz: 30.5 }, /^batchHz/],
    [{ batchHz: 121 }, /^batchHz/],
    [{ theme: 'blue' }, /^theme: expected "dark" or "light"/],
    [{ chartWindowMin: 10 }, /^chartWindowMin: expected 1, 5 or 15/],
    [{ recordingsDir: 'relative/dir' }, /^recordingsDir: expected an absolute folder path or null/],
    [{ recordingsDir: '/a\0b' }, /^recordingsDir/],
    [{ barIntervalMs: 2000 }, /^barIntervalMs: expected one of 1000, 5000, 60000/],
    [{ focused: 'ACME' }, /^focused: expected a list of at most 6 instrument ids/],
    [{ focused: Array(MAX_FOCUSED + 1).fill('A') }, /^focused/],
    [{ focused: [''] }, /^focused/],
    [{ watchlistColumns: ['last', 'colour'] }, /^watchlistColumns: expected distinct names from/],
    [{ watchlistColumns: ['last', 'last'] }, /^watchlistColumns/],
    [{ pinned: Array(MAX_WATCHLIST_IDS + 1).fill('A') }, /^pinned: expected a list of at most/],
    [{ hidden: [7] }, /^hidden: expected a list/],
    [{ compareOverlay: 'yes' }, /^compareOverlay: expected true or false/],
    [{ alertSound: 1 }, /^alertSound: expected true or false/],
    [{ alertNotifications: 'on' }, /^alertNotifications: expected true or false/],
    [{ colour: 'red' }, /^unknown setting "colour"/],
  ])('rejects %j, naming the field', (patch, message) => {
    const checked = checkSettingsPatch(patch);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(message);
  });
});

describe('the edges of each setting', () => {
  it('accepts each bound itself and refuses one step past it', () => {
    const edges: [Record<string, unknown>, boolean][] = [
      [{ batchHz: 1 }, true],
      [{ batchHz: 120 }, true],
      [{ theme: 'dark' }, true],
      [{ chartWindowMin: 1 }, true],
      [{ chartWindowMin: 5 }, true],
      [{ barIntervalMs: 1000 }, true],
      [{ focused: Array(MAX_FOCUSED).fill('A') }, true],
      [{ focused: ['x'.repeat(99)] }, true],
      [{ focused: ['x'.repeat(100)] }, false],
      [{ focused: [7] }, false],
      [{ pinned: Array(MAX_WATCHLIST_IDS).fill('A') }, true],
      [{ pinned: ['x'.repeat(99)] }, true],
      [{ pinned: ['x'.repeat(100)] }, false],
      [{ pinned: [''] }, false],
      [{ hidden: 'ACME' }, false],
      [{ watchlistColumns: [] }, true],
      [{ watchlistColumns: 'last' }, false],
      [{ recordingsDir: 'C:/rec' }, true],
      [{ recordingsDir: `/${'x'.repeat(4095)}` }, true],
      [{ recordingsDir: `/${'x'.repeat(4096)}` }, false],
      [{ recordingsDir: 7 }, false],
      [{ recordingsDir: 'C:rec' }, false],
      [{ feed: 'ws://127.0.0.1:8787' }, true],
    ];
    for (const [patch, ok] of edges) {
      expect({ patch, ok: checkSettingsPatch(patch).ok }).toEqual({ patch, ok });
    }
  });

  it('refuses a list of ids with one bad entry, or entries that only look like ids', () => {
    // JSON arrays have a length, so a length check alone would take [["A"]] for an id.
    for (const patch of [
      { focused: ['A', 7] },
      { focused: [['A']] },
      { pinned: ['A', ''] },
      { pinned: [['A']] },
      { hidden: [{ length: 1 }] },
    ]) {
      expect({ patch, ok: checkSettingsPatch(patch).ok }).toEqual({ patch, ok: false });
    }
  });

  it('reports the first bad field of a patch and no other', () => {
    expect(checkSettingsPatch({ theme: 'dark', batchHz: 0, chartWindowMin: 2 })).toEqual({
      ok: false,
      error: 'batchHz: expected a whole number from 1 to 120',
    });
    expect(checkSettingsPatch({ feedEndpoint: 'http://x' })).toEqual({
      ok: false,
      error: 'feedEndpoint: "http://x" uses http; a feed URL must start with ws:// or wss://',
    });
  });
});
