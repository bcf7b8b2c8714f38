import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ReplayStatus } from './batch';
import type { CommandArgs, CommandResult, ReplayControl } from './commands';
import {
  COMMAND_CHANNELS,
  checkSettingsPatch,
  isCommandChannel,
  readSettings,
  validateCommandArgs,
} from './commands';
import {
  DEFAULT_SETTINGS,
  MAX_FOCUSED,
  MAX_WATCHLIST_IDS,
  type CommandChannel,
  type Settings,
} from './ipc';

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
    [{ colour: 'red' }, /^unknown setting "colour"/],
  ])('rejects %j, naming the field', (patch, message) => {
    const checked = checkSettingsPatch(patch);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(message);
  });
});

describe('readSettings', () => {
  it('keeps valid fields, falls back to defaults for the rest and reports each problem', () => {
    const { settings, problems } = readSettings({ theme: 'light', batchHz: 'fast', colour: 'red' });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'light' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^batchHz/);
    expect(problems[1]).toMatch(/unknown setting "colour"/);
  });

  it('uses the defaults for a file that is not an object', () => {
    expect(readSettings('oops')).toEqual({
      settings: DEFAULT_SETTINGS,
      problems: ['settings: expected a JSON object'],
    });
  });
});

describe('validateCommandArgs', () => {
  const valid: [CommandChannel, unknown[]][] = [
    ['feed:connect', [null]],
    ['feed:connect', ['ws://127.0.0.1:8787']],
    ['feed:disconnect', []],
    ['settings:get', []],
    ['settings:update', [{ theme: 'dark' }]],
    ['recording:start', []],
    ['recording:stop', []],
    ['recording:list', []],
    ['replay:open', ['/home/me/recordings/2026-11-25']],
    ['replay:choose', []],
    ['replay:control', [{ action: 'play' }]],
    ['replay:control', [{ action: 'seek', to: 1_700_000_000_000 }]],
    ['replay:control', [{ action: 'speed', speed: 0 }]],
    ['replay:control', [{ action: 'speed', speed: 0.25 }]],
    ['replay:control', [{ action: 'loop', loop: true }]],
    ['replay:control', [{ action: 'range', from: 1, to: 2 }]],
    ['replay:close', []],
    ['recording:start-sources', [['sim', 'kraken']]],
  ];

  it.each(valid)('accepts %s %j', (channel, args) => {
    expect(validateCommandArgs(channel, args)).toEqual({ ok: true, value: args });
  });

  const invalid: [CommandChannel, unknown[], RegExp][] = [
    ['feed:connect', [], /^feed:connect: expected 1 argument/],
    ['feed:connect', ['ftp://x'], /^feed:connect: feed: /],
    ['settings:get', [1], /^settings:get: expected 0 argument/],
    ['settings:update', [{ batchHz: -1 }], /^settings:update: batchHz/],
    ['replay:open', [''], /^replay:open: path: expected a folder path/],
    ['replay:open', ['a\0b'], /path/],
    ['replay:open', ['x'.repeat(5000)], /path/],
    ['replay:control', ['play'], /control: expected an object/],
    ['replay:control', [{ action: 'rewind' }], /control\.action: unknown action "rewind"/],
    ['replay:control', [{ action: 'seek' }], /control\.to: expected a time in epoch ms/],
    ['replay:control', [{ action: 'speed', speed: 0.1 }], /control\.speed: expected 0/],
    ['replay:control', [{ action: 'speed', speed: 101 }], /control\.speed/],
    ['replay:control', [{ action: 'loop', loop: 'yes' }], /control\.loop: expected true or false/],
    ['replay:control', [{ action: 'range', from: 5, to: 1 }], /control: expected from <= to/],
    ['recording:start-sources', [[]], /sources: expected 1 to 16 source names/],
    ['recording:start-sources', [['Kraken']], /sources: "Kraken" is not a valid source name/],
    ['recording:start-sources', [[1]], /sources: expected source names/],
  ];

  it.each(invalid)('rejects %s %j', (channel, args, message) => {
    const checked = validateCommandArgs(channel, args);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(message);
  });

  it('rejects arguments that are not an array', () => {
    expect(validateCommandArgs('settings:get', 'x' as unknown as unknown[]).ok).toBe(false);
  });
});

describe('isCommandChannel', () => {
  it('knows the declared channels and nothing else', () => {
    expect(isCommandChannel('feed:connect')).toBe(true);
    expect(isCommandChannel('replay:control')).toBe(true);
    expect(isCommandChannel('toString')).toBe(false);
    expect(isCommandChannel('__proto__')).toBe(false);
    expect(isCommandChannel(42)).toBe(false);
  });
});

describe('the command table', () => {
  it('gives each channel its argument and result types (checked by the type-check)', () => {
    expectTypeOf<CommandArgs<'feed:connect'>>().toEqualTypeOf<[string | null]>();
    expectTypeOf<CommandArgs<'settings:get'>>().toEqualTypeOf<[]>();
    expectTypeOf<CommandArgs<'replay:control'>>().toEqualTypeOf<[ReplayControl]>();
    expectTypeOf<CommandResult<'settings:update'>>().toEqualTypeOf<Settings>();
    expectTypeOf<CommandResult<'replay:choose'>>().toEqualTypeOf<ReplayStatus | null>();
  });

  it('lists every channel once, each one a command', () => {
    expect(new Set(COMMAND_CHANNELS).size).toBe(COMMAND_CHANNELS.length);
    expect(COMMAND_CHANNELS.every(isCommandChannel)).toBe(true);
    expect(COMMAND_CHANNELS).toContain('replay:open');
  });
});

describe('the edges of each setting and control', () => {
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

  it('keeps every valid field of a settings file and names each field it drops', () => {
    const file = { ...DEFAULT_SETTINGS, theme: 'light', batchHz: 60, pinned: ['A'], focused: 'A' };
    const { settings, problems } = readSettings(file);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'light', batchHz: 60, pinned: ['A'] });
    expect(problems).toEqual(['focused: expected a list of at most 6 instrument ids']);
    expect(readSettings(null).problems).toEqual(['settings: expected a JSON object']);
    expect(readSettings({}).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('never lets the page choose where recordings are written', () => {
    expect(validateCommandArgs('settings:update', [{ recordingsDir: '/tmp/x' }])).toEqual({
      ok: false,
      error:
        'settings:update: recordingsDir: set in the settings file or with --recordings-dir, not by the page',
    });
    expect(validateCommandArgs('settings:update', [{ theme: 'blue' }])).toEqual({
      ok: false,
      error: 'settings:update: theme: expected "dark" or "light"',
    });
  });

  it('accepts the replay speed and range bounds themselves', () => {
    const ok = (control: unknown) => validateCommandArgs('replay:control', [control]).ok;
    expect(ok({ action: 'speed', speed: 100 })).toBe(true);
    expect(ok({ action: 'speed', speed: 0.24 })).toBe(false);
    expect(ok({ action: 'speed', speed: Infinity })).toBe(false);
    expect(ok({ action: 'speed', speed: '1' })).toBe(false);
    expect(ok({ action: 'range', from: 5, to: 5 })).toBe(true);
    expect(ok({ action: 'range', from: 5 })).toBe(false);
    expect(ok({ action: 'range', to: 5 })).toBe(false);
    expect(ok({ action: 'seek', to: NaN })).toBe(false);
    expect(ok({ action: 'pause' })).toBe(true);
    expect(ok({ action: 'step' })).toBe(true);
    expect(ok(null)).toBe(false);
    expect(ok([{ action: 'play' }])).toBe(false);
  });

  it('names the command and the argument count it expected', () => {
    expect(validateCommandArgs('replay:open', [])).toEqual({
      ok: false,
      error: 'replay:open: expected 1 argument(s)',
    });
    expect(validateCommandArgs('replay:open', ['a\0b'])).toEqual({
      ok: false,
      error: 'replay:open: path: expected a folder path',
    });
  });
});
