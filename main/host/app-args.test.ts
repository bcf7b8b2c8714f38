import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAX_SOURCES } from '../../protocol/source-names';
import type { AppArgs } from './app-args';
import { parseAppArgs, settingsOverrides } from './app-args';

describe('parseAppArgs', () => {
  it('accepts a Tickdeck feed URL, an exchange feed and an endpoint override', () => {
    expect(parseAppArgs(['--feed', 'ws://127.0.0.1:8787'])).toEqual({
      ok: true,
      value: { feed: 'ws://127.0.0.1:8787', help: false },
    });
    const parsed = parseAppArgs([
      '--feed',
      'kraken:BTC/USD,ETH/USD',
      '--feed-endpoint',
      'ws://127.0.0.1:9000',
    ]);
    expect(parsed).toEqual({
      ok: true,
      value: { feed: 'kraken:BTC/USD,ETH/USD', feedEndpoint: 'ws://127.0.0.1:9000', help: false },
    });
  });

  it('takes a NATS history for --replay, and names --replay when it is malformed', () => {
    expect(
      parseAppArgs(['--replay', 'nats://127.0.0.1:4222/sim?from=2026-12-03T06:00:00Z']),
    ).toEqual({
      ok: true,
      value: { replay: 'nats://127.0.0.1:4222/sim?from=2026-12-03T06:00:00Z', help: false },
    });
    expect(parseAppArgs(['--replay', 'nats://127.0.0.1:4222/sim?from=noon'])).toEqual({
      ok: false,
      error: '--replay: from: "noon" is not an ISO time (e.g. 2026-12-03T06:00:00Z)',
    });
  });

  it('names the flag and the problem for bad values', () => {
    expect(parseAppArgs(['--feed', 'http://x'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--feed'),
    });
    expect(parseAppArgs(['--feed', 'nasdaq:AAPL'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown feed "nasdaq"'),
    });
    // An exchange's symbols are checked here, not first at connect, also beside a good --feed.
    expect(parseAppArgs(['--feed', 'kraken:BTC/USD', '--feed', 'kraken:BTC USD'])).toEqual({
      ok: false,
      error: '--feed: kraken: "BTC USD" is not a Kraken pair (e.g. BTC/USD)',
    });
    expect(parseAppArgs(['--feed', 'coinbase:BTC-USD:EUR'])).toEqual({
      ok: false,
      error: '--feed: coinbase: "BTC-USD:EUR" is not a Coinbase product id (e.g. BTC-USD)',
    });
    const many = Array.from({ length: 300 }, (_, i) => `c${i}usdt`).join(',');
    expect(parseAppArgs(['--feed', `binance:${many}`])).toEqual({
      ok: false,
      error: '--feed: binance: at most 256 symbols per connection',
    });
    expect(parseAppArgs(['--port', '70000'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--port'),
    });
    expect(parseAppArgs(['--port', 'abc'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('"abc"'),
    });
    expect(parseAppArgs(['--feed-endpoint', 'localhost'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--feed-endpoint'),
    });
  });

  it('rejects unknown flags in strict mode but lets Electron switches through otherwise', () => {
    expect(parseAppArgs(['--fed', 'x'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--fed'),
    });
    expect(parseAppArgs(['--no-sandbox', '--feed', 'binance:btcusdt'], true)).toMatchObject({
      ok: true,
      value: { feed: 'binance:btcusdt' },
    });
  });

  it('bug 183: refuses a one-value flag given twice, naming it; repeatable ones repeat', () => {
    for (const flag of [
      '--settings',
      '--workspace',
      '--port',
      '--replay',
      '--host',
      '--recordings-dir',
    ])
      expect(parseAppArgs([flag, '1', flag, '2'])).toEqual({
        ok: false,
        error: `${flag}: given twice; give it once`,
      });
    expect(parseAppArgs(['--settings=a.json', '--settings', 'b.json'])).toMatchObject({
      error: '--settings: given twice; give it once',
    });
    expect(
      parseAppArgs([
        '--feed',
        'sim',
        '--feed',
        'sim',
        '--alert',
        'ACME above 1',
        '--alert',
        'ACME below 1',
      ]),
    ).toMatchObject({ ok: true });
    expect(parseAppArgs(['--settings', 'a.json', '--help', '--help'])).toMatchObject({ ok: true });
  });

  it('takes port 0 to mean a free port', () => {
    expect(parseAppArgs(['--port', '0'])).toEqual({ ok: true, value: { port: 0, help: false } });
  });

  it('takes a settings file, and refuses an empty one', () => {
    expect(
      parseAppArgs(['--settings', '/tmp/t/settings.json', '--feed', 'binance:btcusdt']),
    ).toEqual({
      ok: true,
      value: { settings: '/tmp/t/settings.json', feed: 'binance:btcusdt', help: false },
    });
    expect(parseAppArgs(['--settings', ' '])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--settings'),
    });
  });

  it('takes --recordings-dir as an absolute folder, overriding the setting for this run', () => {
    const parsed = parseAppArgs(['--recordings-dir', 'rec/here']);
    expect(parsed).toEqual({
      ok: true,
      value: { recordingsDir: resolve('rec/here'), help: false },
    });
    expect(
      settingsOverrides((parsed as { value: Parameters<typeof settingsOverrides>[0] }).value),
    ).toEqual({
      recordingsDir: resolve('rec/here'),
    });
    expect(parseAppArgs(['--recordings-dir', ' '])).toEqual({
      ok: false,
      error: '--recordings-dir: expected a folder path',
    });
  });
});

describe('--alert', () => {
  it('takes repeated rules for this run, numbered in order', () => {
    const parsed = parseAppArgs([
      '--alert',
      'ACME move-down-pct 5 10s',
      '--alert',
      'ACME crosses-down 92.5',
      '--alert',
      'feed stalled',
    ]);
    expect(parsed.ok && parsed.value.alerts?.map((r) => [r.id, r.condition.type])).toEqual([
      ['cli-1', 'move-down-pct'],
      ['cli-2', 'crosses-down'],
      ['cli-3', 'stalled'],
    ]);
  });

  it('refuses a malformed rule, naming the rule and the wrong part', () => {
    expect(parseAppArgs(['--alert', 'ACME move-down-pct 5 -10s'])).toEqual({
      ok: false,
      error: expect.stringMatching(/^--alert "ACME move-down-pct 5 -10s": window: expected/),
    });
    expect(parseAppArgs(['--alert', 'ACME wobbles'], true)).toMatchObject({
      ok: false,
      error: expect.stringContaining('condition: unknown condition "wobbles"'),
    });
  });

  it('quotes a number a double cannot hold as typed, not as Infinity (bug 138)', () => {
    expect(parseAppArgs(['--alert', 'ACME above 1e400'])).toEqual({
      ok: false,
      error:
        '--alert "ACME above 1e400": level: expected a number at least -1000000000000000 and at most 1000000000000000, got "1e400"',
    });
  });
});

describe('a refused value of any size', () => {
  const note = 'n'.repeat(100_000);

  it('is quoted by its first 80 characters and its length, never whole', () => {
    const line = `ACME above 1 note ${note}`;
    expect(parseAppArgs(['--alert', line])).toEqual({
      ok: false,
      error: `--alert "${line.slice(0, 80)}…" (100018 characters): note: longer than 500 characters (100000)`,
    });
  });

  it.each([
    ['an unknown feed', ['--feed', note], 'unknown feed'],
    ['a symbol', ['--feed', `kraken:BTC/USD,${note}`], 'is not a Kraken pair'],
    ['a NATS source', ['--feed', `nats://${note}`], 'names no source'],
    [
      'a feed given an endpoint twice',
      ['--feed', `ws://${note}`, ...['--feed-endpoint', 'ws://a', '--feed-endpoint', 'ws://b']],
      'given twice',
    ],
    ['a port', ['--port', note], '--port'],
  ])('%s', (_, argv, says) => {
    const parsed = parseAppArgs(argv);
    expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining(says) });
    const error = parsed.ok ? '' : parsed.error;
    expect(error).toMatch(/n{20}…" \(\d+ characters\)/);
    expect(error.length).toBeLessThan(250);
  });
});

describe('--workspace', () => {
  it('takes a workspace name', () => {
    expect(parseAppArgs(['--workspace', 'BTC venues'])).toEqual({
      ok: true,
      value: { workspace: 'BTC venues', help: false },
    });
  });

  it.each([
    ['', /^--workspace: name: expected a workspace name/],
    ['../settings', /^--workspace: name "..\/settings": use letters/],
    ['x'.repeat(65), /^--workspace: name: at most 64 characters/],
  ])('refuses %j, naming the flag', (name, message) => {
    const parsed = parseAppArgs(['--workspace', name]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe('--feed, repeated', () => {
  it('takes several sources in order, each endpoint applying to the --feed before it', () => {
    const parsed = parseAppArgs([
      '--feed',
      'sim',
      '--feed',
      'kraken:BTC/USD,ETH/USD',
      '--feed-endpoint',
      'ws://127.0.0.1:9000',
      '--feed',
      'coinbase:BTC-USD',
    ]);
    expect(parsed).toEqual({
      ok: true,
      value: {
        feed: 'sim',
        feeds: [
          { feed: 'sim', endpoint: null },
          { feed: 'kraken:BTC/USD,ETH/USD', endpoint: 'ws://127.0.0.1:9000' },
          { feed: 'coinbase:BTC-USD', endpoint: null },
        ],
        help: false,
      },
    });
    expect(settingsOverrides((parsed as { value: AppArgs }).value)).toEqual({
      feed: 'sim',
      feeds: (parsed as { value: AppArgs }).value.feeds,
    });
  });

  it('refuses an endpoint before any --feed, a second endpoint for one feed, and a bad feed', () => {
    expect(
      parseAppArgs(['--feed-endpoint', 'ws://127.0.0.1:9000', '--feed', 'kraken:X/Y']),
    ).toEqual({
      ok: false,
      error: '--feed-endpoint: comes before any --feed; put it after the --feed it applies to',
    });
    expect(
      parseAppArgs([
        '--feed',
        'kraken:X/Y',
        '--feed-endpoint',
        'ws://127.0.0.1:1',
        '--feed-endpoint',
        'ws://127.0.0.1:2',
      ]),
    ).toEqual({ ok: false, error: '--feed-endpoint: given twice for --feed "kraken:X/Y"' });
    expect(parseAppArgs(['--feed', 'sim', '--feed', 'nasdaq:AAPL'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--feed: unknown feed "nasdaq"'),
    });
  });

  it('bounds the number of sources', () => {
    const argv = Array.from({ length: MAX_SOURCES + 1 }, () => ['--feed', 'sim']).flat();
    expect(parseAppArgs(argv)).toEqual({
      ok: false,
      error: `--feed: at most ${MAX_SOURCES} sources at once`,
    });
  });
});

describe('--alert with several sources', () => {
  it('takes a target named by its source', () => {
    const parsed = parseAppArgs([
      '--feed',
      'kraken:BTC/USD',
      '--feed',
      'coinbase:BTC-USD',
      '--alert',
      'kraken:BTC/USD above 50000',
    ]);
    expect(parsed.ok && parsed.value.alerts?.map((r) => r.instrument)).toEqual(['kraken:BTC/USD']);
  });

  it("leaves a target's source to the host, which knows the saved sources' names (bug 148)", () => {
    // One --feed, or none: a source saved in the settings may be named all the same.
    for (const argv of [[], ['--feed', 'sim']]) {
      const parsed = parseAppArgs([...argv, '--alert', 'kraken-2:BTC/USD above 5']);
      expect(parsed.ok && parsed.value.alerts?.map((r) => r.instrument)).toEqual([
        'kraken-2:BTC/USD',
      ]);
    }
  });
});

describe('a flag as a newcomer types it', () => {
  it('bug 219: names a flag with no value or an unknown one in one line, as the simulator does', () => {
    expect(parseAppArgs(['--port', '--feed', 'sim'])).toEqual({
      ok: false,
      error: 'option --port needs a value; write a value starting with "-" as --port=<value>',
    });
    expect(parseAppArgs(['--settings'])).toEqual({
      ok: false,
      error: 'option --settings needs a value',
    });
    expect(parseAppArgs(['--prot', '0'])).toEqual({ ok: false, error: 'unknown option --prot' });
    expect(parseAppArgs(['--help=yes'])).toEqual({
      ok: false,
      error: 'option --help takes no value',
    });
  });

  it("bug 220: refuses a flag of ours with no value among Electron's switches, not drops it", () => {
    // Electron's parse lets unknown switches by; ours still need their values.
    expect(parseAppArgs(['--no-sandbox', '--settings'], true)).toEqual({
      ok: false,
      error: 'option --settings needs a value',
    });
    expect(parseAppArgs(['--settings', '--feed', 'sim'], true)).toEqual({
      ok: false,
      error:
        'option --settings needs a value; write a value starting with "-" as --settings=<value>',
    });
    expect(parseAppArgs(['--settings=-odd.json', '--enable-logging'], true)).toMatchObject({
      ok: true,
      value: { settings: '-odd.json' },
    });
  });
});

describe('--settings naming a file the app keeps beside a settings file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tickdeck-app-args-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('bug 217: refuses a lock, an alert log or a workspaces file, naming what it is', () => {
    const cases: [string, string][] = [
      ['x.json.lock', 'the lock of x.json'],
      ['x.json.alerts-log.ndjson', 'the alert log of x.json'],
      ['x.json.workspaces.json', 'the workspaces file of x.json'],
      ['alerts-log.ndjson', 'the alert log of settings.json'],
      ['workspaces.json', 'the workspaces file of settings.json'],
    ];
    for (const [name, what] of cases) {
      const given = join(dir, name);
      expect(parseAppArgs(['--settings', given])).toEqual({
        ok: false,
        error: `--settings: "${given}" is ${what}, not a settings file`,
      });
    }
    // Names that only look alike are settings files.
    for (const name of ['.lock', 'lock.json', 'x.json.corrupt-1764100000000', 'my-workspaces.json'])
      expect(parseAppArgs(['--settings', join(dir, name)])).toMatchObject({ ok: true });
  });

  it('bug 217: refuses a link to a lock, naming the file it names', async () => {
    await writeFile(join(dir, 'x.json.lock'), '{"pid":1}');
    await symlink(join(dir, 'x.json.lock'), join(dir, 'link.json'));
    const given = join(dir, 'link.json');
    const lock = join(await realpath(dir), 'x.json.lock');
    expect(parseAppArgs(['--settings', given])).toEqual({
      ok: false,
      error: `--settings: "${given}" is a link to "${lock}", the lock of x.json, not a settings file`,
    });
  });
});
