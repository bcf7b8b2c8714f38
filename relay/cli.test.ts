import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedEngine } from '../main/feed/engine';
import type { FeedEngine } from '../main/feed/engine-api';
import { until } from '../test-support/batch-view';
import { useNatsServers } from '../test-support/nats-server';
import { useSimulators } from '../test-support/simulators';
import { runRelayCli, EXIT_USAGE } from './cli';

const nats = useNatsServers();
const sims = useSimulators({ seed: 3, rate: 300, instruments: 5, matches: 1, heartbeatMs: 200 });
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function run(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runRelayCli(argv, { stdout, stderr });
  return { code, out, err };
}

/** The relay as a separate process, as users run it. */
function spawnRelay(argv: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/main.ts', ...argv], {
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  closers.push(() => void child.kill('SIGKILL'));
  return { child, output: () => output };
}

/** Null once the relay says it is relaying; its exit code if it exits first. */
function relaying(relay: ReturnType<typeof spawnRelay>): Promise<number | null> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (!relay.output().includes('relaying;')) return;
      clearInterval(poll);
      resolve(null);
    }, 50);
    relay.child.once('exit', (code) => {
      clearInterval(poll);
      resolve(code);
    });
  });
}

describe('tickdeck-relay command line', () => {
  it.each([
    [['--nats', 'nats://127.0.0.1:1'], /--source is required/],
    [['--source', 'sim'], /--nats is required/],
    [['--source', 'bogus:x', '--nats', 'h'], /--source: unknown feed "bogus"/],
    [['--source', 'sim', '--nats', 'http://h:1'], /--nats: "http:\/\/h:1" uses http/],
    [['--source', 'sim', '--nats', 'h', '--name', 'a.b'], /--name: "a.b" is not a valid/],
    [['--source', 'sim', '--nats', 'h', '--subject-prefix', 'a..b'], /--subject-prefix/],
    [['--source', 'sim', '--nats', 'h', '--retention-age', '5'], /--retention-age expects/],
    [
      ['--source', 'sim', '--nats', 'h', '--retention-age', '10s'],
      /--retention-age must be 1m to 366d/,
    ],
    [
      ['--source', 'sim', '--nats', 'h', '--retention-bytes', '2000TB'],
      /--retention-bytes must be 1MB to 1TB/,
    ],
    [['--source', 'sim', '--nats', 'h', '--replicas', '2'], /--replicas must be 1, 3 or 5/],
    [['--source', 'sim', '--nats', 'h', '--user', 'u'], /--user and --password go together/],
    [['--source', 'sim', '--nats', 'h', '--token', 't', '--creds', 'f'], /one kind of NATS/],
    [['--source', 'sim', '--nats', 'h', '--bogus'], /unknown option --bogus/],
    [['--source', 'sim', '--nats', 'h', '--help=yes'], /option --help takes no value/],
    [
      [
        '--source',
        'sim',
        '--nats',
        'h',
        '--subject-prefix',
        Array(4).fill('p'.repeat(60)).join('.'),
      ],
      /--subject-prefix and --name are too long together: they name a stream of 256 characters, and NATS allows 255/,
    ],
    [['--source', 'sim', '--nats', 'h', 'extra'], /unexpected argument extra/],
  ])('refuses %j with exit 2, naming the option', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(EXIT_USAGE);
    expect(err).toMatch(message);
  });

  it('says a bad flag in one line that points at --help (bug 226)', async () => {
    const { code, err } = await run(['--source', 'sim', '--natz', 'h']);
    expect(code).toBe(EXIT_USAGE);
    // It said "Run tickdeck-relay --help for usage." on a second line: a command `npm run
    // relay` users do not have.
    expect(err).toMatch(/^tickdeck-relay: .*--natz.* \(--help lists the options\)\n$/);
  });

  it('never prints credentials', async () => {
    const { code, out, err } = await run([
      '--source',
      'sim',
      '--nats',
      'h',
      '--user',
      'relay',
      '--password',
      'hunter2-secret',
      '--replicas',
      '2',
    ]);
    expect(code).toBe(EXIT_USAGE);
    expect(out + err).not.toContain('hunter2-secret');
  });

  it('survives kill -9: desktops go stale, then resume from the restarted relay', async () => {
    const server = await nats.start();
    const sim = await sims.start();
    const args = ['--source', sim.url, '--nats', server.url, '--name', 'k9'];
    const first = spawnRelay(args);
    const started = relaying(first);
    const direct: FeedEngine = createFeedEngine({ feed: sim.url, batchHz: 10 });
    const desk: FeedEngine = createFeedEngine({
      feed: `${server.url}/k9`,
      batchHz: 10,
      backoff: { baseMs: 20, capMs: 300 },
    });
    closers.push(
      () => direct.close(),
      () => desk.close(),
    );
    await direct.start();
    await desk.start();
    // A relay that exits at start leaves the desk waiting for nothing: the test waited 60 s and
    // said only "timed out" (bug 256: a relay that gave up on a JetStream too busy to answer).
    expect(await started, first.output()).toBeNull();
    await until(() => desk.streamState().snapshots.length === 6, 60_000);
    const reconnects = desk.health().reconnects;
    first.child.kill('SIGKILL');
    // Stale, then replaced: the stalled moment can be shorter than a poll on a busy loop, so a
    // reconnect counts as having seen it.
    await until(
      () => desk.health().connection.state !== 'live' || desk.health().reconnects > reconnects,
      15_000,
    );

    // The dead relay's lock lapses within its TTL; until then a new one is refused (exit 1).
    for (;;) {
      const second = spawnRelay(args);
      if ((await relaying(second)) === null) break;
      expect(second.output()).toMatch(/another relay is publishing source "k9"/);
    }
    await until(() => desk.health().connection.state === 'live', 30_000);
    const before = desk.health().ticksTotal;
    await until(() => desk.health().ticksTotal > before + 50, 30_000);
    // Stop the source: the desk, resynced after the outage, holds what a direct reader holds.
    await sim.close();
    await until(() => {
      const a = direct.streamState().snapshots;
      const b = desk.streamState().snapshots;
      return a.length === 6 && JSON.stringify(a) === JSON.stringify(b);
    }, 20_000);
  }, 180_000);
});
