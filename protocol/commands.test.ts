import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ReplayStatus } from './health';
import type { CommandArgs, CommandResult } from './commands';
import { COMMAND_CHANNELS, isCommandChannel, validateCommandArgs } from './commands';
import type { ReplayControl } from './replay-control';
import type { CommandChannel, Settings } from './ipc';

describe('validateCommandArgs', () => {
  const valid: [CommandChannel, unknown[]][] = [
    ['feed:connect', [null]],
    ['feed:connect', ['ws://127.0.0.1:8787']],
    ['feed:disconnect', []],
    ['feed:reconnect', []],
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

describe("the edges of the commands' arguments", () => {
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
