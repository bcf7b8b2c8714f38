/**
 * Hostile command lines for `feed-simulator` and its `record` / `replay` subcommands: random
 * flags and values. Every run ends with exit code 2 and a message naming the problem (or 0 for
 * --help), never an uncaught throw or a hang. A final flag that is always invalid keeps every
 * run from starting a server or connecting anywhere, so the property covers parsing only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli';
import { runRecordCli } from './record-cli';
import { runReplayCli } from './replay-cli';
import { captureIo } from '../test-support/cli-io';

const SERVE_FLAGS = [
  '--host',
  '--port',
  '--rate',
  '--instruments',
  '--matches',
  '--seed',
  '--scenario',
  '--heartbeat-ms',
  '--max-clients',
  '--match-duration-ms',
  '--help',
  '-h',
];
const VALUES = [
  '0',
  '1',
  '-1',
  '1.5',
  '1e9',
  'NaN',
  'Infinity',
  '0x1F',
  '',
  ' ',
  'chaos',
  'steady',
  'meltdown',
  '127.0.0.1',
  'ws://127.0.0.1:1',
  '--',
  '-',
];

function tokens(flags: readonly string[], values = VALUES): fc.Arbitrary<string[]> {
  return fc.array(
    fc.oneof(
      fc.constantFrom(...flags),
      fc.constantFrom(...values),
      fc.tuple(fc.constantFrom(...flags), fc.constantFrom(...VALUES)).map(([f, v]) => `${f}=${v}`),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 7 },
  );
}

type Run = (argv: string[], io: ReturnType<typeof captureIo>) => Promise<number>;

async function expectUsageOutcome(run: Run, argv: string[]): Promise<void> {
  const io = captureIo();
  const code = await run(argv, io);
  await new Promise((r) => setImmediate(r));
  if (code === 0) {
    expect(io.out()).toMatch(/^Usage: feed-simulator/);
    expect(io.err()).toBe('');
  } else {
    expect(code).toBe(2);
    // One line, pointing at --help as given to this command (bug 222).
    expect(io.err()).toMatch(
      /^feed-simulator[ :][^\n]+ \((?:\w+ )?--help lists (?:the|its) options\)\n$/,
    );
    expect(io.out()).toBe('');
  }
}

describe('feed-simulator command lines under hostile input', () => {
  it('serve: exit 2 naming the problem, or the usage for --help', async () => {
    await fc.assert(
      fc.asyncProperty(tokens(SERVE_FLAGS), async (argv) => {
        await expectUsageOutcome(
          (a, io) => runCli(a, io),
          ['serve', ...argv, '--max-clients=0'].slice(argv[0] === 'serve' ? 1 : 0),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('record: exit 2 naming the problem before any connection is tried', async () => {
    await fc.assert(
      fc.asyncProperty(tokens(['--url', '--out', '--duration', '--help', '-h']), async (argv) => {
        await expectUsageOutcome((a, io) => runRecordCli(a, io), [...argv, '--duration=0']);
      }),
      { numRuns: 300 },
    );
  });

  it('replay: exit 2 naming the problem before any folder is opened', async () => {
    await fc.assert(
      fc.asyncProperty(
        // No bare `--`: after it the closing flag would be a folder name (covered below).
        tokens(
          ['--speed', '--loop', '--port', '--host', '--help', '-h'],
          VALUES.filter((v) => v !== '--'),
        ).filter((argv) => !argv.includes('--')),
        async (argv) => {
          await expectUsageOutcome((a, io) => runReplayCli(a, io), [...argv, '--speed=-1']);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('replay: after `--` every word is the folder, and a missing one exits 1 naming it', async () => {
    const io = captureIo();
    expect(await runReplayCli(['--', '--speed=-1'], io)).toBe(1);
    expect(io.err()).toMatch(/--speed=-1: no such folder/);
  });

  it('routes the documented `record` and `replay` subcommands (README: npm run feed -- record)', async () => {
    for (const sub of ['record', 'replay']) {
      const io = captureIo();
      expect(await runCli([sub, '--help'], io)).toBe(0);
      expect(io.out()).toMatch(new RegExp(`^Usage: feed-simulator ${sub} `));
    }
  });
});
