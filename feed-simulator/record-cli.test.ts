import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateServerMessage } from '../protocol/decode';
import type { ReplayInfo } from '../protocol/feed';
import { startSimulator } from './index';
import { runRecordCli } from './record-cli';
import { openRecording, startReplayServer } from '../recording';
import { TestClient } from '../test-support/capture-client';
import { captureIo } from '../test-support/cli-io';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-record-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
async function simulator() {
  const sim = await startSimulator({ port: 0, seed: 42, rate: 400, instruments: 5, matches: 2 });
  cleanup.push(() => sim.close());
  return sim;
}

describe('feed-simulator record', () => {
  it('records the seeded simulator, and a replay serves the same frames in the same order at the recorded pace', async () => {
    const sim = await simulator();
    const out = join(tempDir(), 'rec');
    const io = captureIo();
    expect(await runRecordCli(['--url', sim.url, '--out', out, '--duration', '2'], io)).toBe(0);
    expect(io.out()).toMatch(/\d+\.\d s · [\d,]+ messages · [\d.]+ (KiB|B|MiB)/);
    expect(io.out()).toMatch(/duration reached: recording closed/);

    const recording = await openRecording(out);
    expect(recording.warnings).toEqual([]);
    const recorded: { raw: string; t: number }[] = [];
    for await (const e of recording.entries())
      if (e.kind === 'message' && /^\{"op":"(snapshot|ticks)"/.test(e.raw)) recorded.push(e);
    expect(recorded.length).toBeGreaterThan(100);

    const server = await startReplayServer({ dir: out, speed: 2 });
    cleanup.push(() => server.close());
    const client = await TestClient.connect(server.url);
    cleanup.push(() => client.close());
    await client.request({ op: 'subscribe', instruments: ['*'] });
    await client.waitFor(
      (r) => r.msg.op === 'replay' && !(r.msg.state as ReplayInfo).playing,
      5_000,
    );
    const replayed = client.frames.filter((r) => r.msg.op === 'snapshot' || r.msg.op === 'ticks');
    expect(replayed.map((r) => r.raw)).toEqual(recorded.map((e) => e.raw));
    for (const r of client.frames) expect(validateServerMessage(r.msg).ok).toBe(true);
    // Timing: wall time between frames is recorded time / 2, within 150 ms over the run.
    const recordedSpan = recorded.at(-1)!.t - recorded[0]!.t;
    const wallSpan = replayed.at(-1)!.at - replayed[0]!.at;
    expect(Math.abs(wallSpan - recordedSpan / 2)).toBeLessThan(150);
  });

  it('names a write that fails only as the recording closes, and exits 1', async () => {
    const sim = await simulator();
    const out = join(tempDir(), 'rec');
    const io = captureIo();
    const done = runRecordCli(['--url', sim.url, '--out', out, '--duration', '1'], io);
    while (!existsSync(join(out, 'index.json'))) await new Promise((r) => setTimeout(r, 20));
    // The index is written through this temporary name; a folder there fails it, even for root.
    mkdirSync(join(out, 'index.json.tmp'));
    expect(await done).toBe(1);
    expect(io.err()).toMatch(/^feed-simulator record: write failed: .*index\.json\.tmp/);
  });

  it('names the bad flag and exits 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--url', 'http://x', '--out', 'd'], /--url: .*must start with ws:\/\//],
      [['--url', 'ws://127.0.0.1:1'], /--out is required/],
      [['--out', 'd'], /--url is required/],
      [
        ['--url', 'ws://127.0.0.1:1', '--out', 'd', '--duration', 'soon'],
        /--duration expects a number, got "soon"/,
      ],
      [['--url', 'ws://127.0.0.1:1', '--out', 'd', '--bogus'], /unknown option --bogus/],
      // Past a timer's range Node fires at once: the recording would stop after 1 ms.
      [
        ['--url', 'ws://127.0.0.1:1', '--out', 'd', '--duration', '1e10'],
        /--duration must be 0.001 to 2147483, got 10000000000/,
      ],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect(await runRecordCli(argv, io)).toBe(2);
      expect(io.err()).toMatch(message);
      expect(io.err()).toMatch(
        /^feed-simulator record: [^\n]+ \(record --help lists its options\)\n$/,
      );
    }
  });

  it('reports an unreachable feed naming the URL and exits 1', async () => {
    const io = captureIo();
    const code = await runRecordCli(
      ['--url', 'ws://127.0.0.1:9', '--out', join(tempDir(), 'r')],
      io,
    );
    expect(code).toBe(1);
    expect(io.err()).toMatch(/ws:\/\/127\.0\.0\.1:9/);
  });

  it('`feed-simulator record` survives kill -9: the recording replays up to the last flushed second, with a warning and no partial line', async () => {
    const sim = await simulator();
    const out = join(tempDir(), 'rec');
    // The real command: `feed-simulator record`, as `npm run feed -- record` runs it.
    const main = resolve(import.meta.dirname, 'main.ts');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', main, 'record', '--url', sim.url, '--out', out],
      {
        cwd: resolve(import.meta.dirname, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    cleanup.push(() => void child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`child never started recording: ${stdout} ${stderr}`)),
        20_000, // a cold tsx start on a busy 2-core machine can take seconds
      );
      child.stdout.on('data', () => {
        if (stdout.includes('Recording ')) {
          clearTimeout(timer);
          done();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 2_500));
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(statSync(join(out, 'segment-000000.ndjson.gz')).size).toBeGreaterThan(0);

    const recording = await openRecording(out);
    expect(recording.warnings.join('\n')).toMatch(
      /was cut short: its recorder stopped abruptly, .*\(it stops in segment-000000\.ndjson\.gz\)/,
    );
    let messages = 0;
    let last = 0;
    for await (const e of recording.entries()) {
      if (e.kind !== 'message') continue;
      messages++;
      last = e.t;
      expect(validateServerMessage(JSON.parse(e.raw)).ok).toBe(true);
    }
    expect(messages).toBeGreaterThan(50);
    // Flushed every 250 ms: at most about one second is lost.
    expect(killedAt - last).toBeLessThan(1_000);
  }, 40_000);
});
