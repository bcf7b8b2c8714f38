/**
 * Hostile command lines for `npm start` / `npm run web`: random flags, values and Electron
 * switches. The parser must answer with options that hold up (a valid feed, a port in range) or
 * an error naming the flag, never throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFeedTarget, checkWebSocketUrl } from '../../protocol/feed-target';
import { parseAppArgs } from './app-args';

const FLAGS = ['--feed', '--feed-endpoint', '--replay', '--port', '--host', '--help'];
const token = fc.oneof(
  fc.constantFrom(...FLAGS),
  fc.constantFrom(...FLAGS).map((f) => `${f}=`),
  fc.constantFrom(
    '0',
    '65535',
    '65536',
    '-1',
    '1e3',
    '0x10',
    ' 80',
    'ws://127.0.0.1:1',
    'wss://',
    'kraken:BTC/USD',
    'binance:',
    'http://x',
    '',
    ' ',
    '--',
    '-',
    '--no-sandbox',
    '--inspect=9229',
    '-h',
  ),
  fc.string({ maxLength: 12 }),
);
const argv = fc.array(token, { maxLength: 8 });

function checkResult(result: ReturnType<typeof parseAppArgs>): void {
  if (!result.ok) {
    expect(result.error.length).toBeGreaterThan(0);
    return;
  }
  const v = result.value;
  expect(typeof v.help).toBe('boolean');
  if (v.feed !== undefined) expect(parseFeedTarget(v.feed).ok).toBe(true);
  if (v.feedEndpoint !== undefined) expect(checkWebSocketUrl(v.feedEndpoint)).toBeNull();
  if (v.port !== undefined) {
    expect(Number.isInteger(v.port)).toBe(true);
    expect(v.port).toBeGreaterThanOrEqual(0);
    expect(v.port).toBeLessThanOrEqual(65_535);
  }
  if (v.host !== undefined) expect(v.host.trim()).not.toBe('');
  if (v.replay !== undefined) expect(v.replay.trim()).not.toBe('');
}

describe('parseAppArgs under hostile command lines', () => {
  it('strict (browser mode): valid options or an error, never a throw', () => {
    fc.assert(
      fc.property(argv, (args) => checkResult(parseAppArgs(args))),
      { numRuns: 2_000 },
    );
  });

  it('lenient (Electron): Chromium switches pass, our own flags are still checked', () => {
    fc.assert(
      fc.property(argv, (args) => checkResult(parseAppArgs(args, true))),
      { numRuns: 2_000 },
    );
  });

  it('a bad value for one of our flags is named, whatever surrounds it', () => {
    const bad = fc.constantFrom<[string, string]>(
      ['--port', '65536'],
      ['--port', '8o'],
      ['--feed', 'http://x'],
      ['--feed', 'nasdaq:AAPL'],
      ['--feed-endpoint', 'localhost'],
      ['--host', ' '],
      ['--replay', ''],
    );
    const harmless = fc.array(fc.constantFrom('--help', '--no-sandbox', '--enable-logging'), {
      maxLength: 3,
    });
    fc.assert(
      fc.property(harmless, bad, harmless, (before, [flag, value], after) => {
        const result = parseAppArgs([...before, `${flag}=${value}`, ...after], true);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toContain(flag);
      }),
      { numRuns: 300 },
    );
  });
});
