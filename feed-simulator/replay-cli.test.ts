import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { ReplayInfo } from '../protocol/feed';
import { RecordingWriter } from '../recording';
import { PLAIN_STATUS_INTERVAL_MS } from './cli-support';
import { runReplayCli } from './replay-cli';
import { TestClient } from '../test-support/capture-client';
import { writeSyntheticRecording } from '../test-support/recording-traffic';
import { captureIo } from '../test-support/cli-io';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickdeck-replay-cli-'));
  await writeSyntheticRecording(join(dir, 'rec'), { messages: 500 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function urlIn(text: string): string | undefined {
  return /on (ws:\/\/\S+)/.exec(text)?.[1];
}

describe('feed-simulator replay', () => {
  it('serves the recording with the requested speed and loop until stopped', async () => {
    const stop = new AbortController();
    const io = captureIo(stop.signal);
    const done = runReplayCli([join(dir, 'rec'), '--port', '0', '--speed', '4', '--loop'], io);
    for (let i = 0; i < 100 && !urlIn(io.out()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(io.out()).toMatch(/9 instruments · speed 4x · loop/);
    const client = await TestClient.connect(urlIn(io.out())!);
    const hello = await client.waitFor((r) => r.msg.op === 'hello');
    expect(hello.msg.replay).toMatchObject({ speed: 4, loop: true, playing: true });
    stop.abort();
    expect(await done).toBe(0);
    // The server closed the connection on the way out.
    await client.close();
    expect(client.ws.readyState).toBe(client.ws.CLOSED);
    expect(io.out()).toMatch(/stopped: closing clients/);
  });

  it('says how many clients are connected when that changes, not every 5 s (bug 175)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    onTestFinished(() => void vi.useRealTimers());
    const stop = new AbortController();
    const io = captureIo(stop.signal);
    const done = runReplayCli([join(dir, 'rec'), '--port', '0'], io);
    for (let i = 0; i < 100 && !urlIn(io.out()); i++) await new Promise((r) => setTimeout(r, 20));
    vi.advanceTimersByTime(3 * PLAIN_STATUS_INTERVAL_MS);
    const client = await TestClient.connect(urlIn(io.out())!);
    await client.waitFor((r) => r.msg.op === 'hello');
    vi.advanceTimersByTime(3 * PLAIN_STATUS_INTERVAL_MS);
    stop.abort();
    expect(await done).toBe(0);
    await client.close();
    const lines = io
      .out()
      .split('\n')
      .filter((l) => l.endsWith('client(s) connected'));
    expect(lines).toEqual(['0 client(s) connected', '1 client(s) connected']);
  });

  it('names the bad flag and exits 2', async () => {
    const cases: [string[], RegExp][] = [
      [
        [join(dir, 'rec'), '--speed', '500'],
        /--speed: expected 0 \(as fast as possible\) or 0\.25 to 100, got 500/,
      ],
      [[join(dir, 'rec'), '--speed', 'fast'], /--speed expects a number, got "fast"/],
      [[join(dir, 'rec'), '--port', '70000'], /--port must be 0 to 65535, got 70000/],
      [[], /the recording folder is required/],
      [[join(dir, 'rec'), '--repeat'], /unknown option --repeat/],
      [[join(dir, 'rec'), '--loop=yes'], /option --loop takes no value/],
      [
        [join(dir, 'rec'), '--host', '', '--port', '0'],
        /--host expects a host name or address, got ""/,
      ],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect(await runReplayCli(argv, io)).toBe(2);
      expect(io.err()).toMatch(message);
      // bug 222: one line, pointing at the subcommand's --help.
      expect(io.err()).toMatch(
        /^feed-simulator replay: [^\n]+ \(replay --help lists its options\)\n$/,
      );
    }
  });

  it('reports a missing or foreign folder naming it and exits 1', async () => {
    const io = captureIo();
    expect(await runReplayCli([join(dir, 'nowhere'), '--port', '0'], io)).toBe(1);
    expect(io.err()).toMatch(/nowhere: no such folder/);
    writeFileSync(join(dir, 'foreign-file'), 'x');
    const io2 = captureIo();
    expect(await runReplayCli([join(dir, 'foreign-file'), '--port', '0'], io2)).toBe(1);
    expect(io2.err()).toMatch(/foreign-file: not a folder/);
  });

  it('says a --host that names no machine does not resolve, and exits 1 rather than crashing', async () => {
    const io = captureIo();
    const argv = [join(dir, 'rec'), '--host', 'nowhere.invalid', '--port', '0'];
    expect(await runReplayCli(argv, io)).toBe(1);
    expect(io.err()).toMatch(
      /^feed-simulator replay: cannot listen on nowhere\.invalid:0 \((ENOTFOUND|EAI_AGAIN)\): --host does not resolve/,
    );
  });

  it("says an exchange's recording needs the app's adapters, and exits 1 rather than crashing", async () => {
    const writer = await RecordingWriter.create({
      dir: join(dir, 'kraken'),
      source: 'kraken:BTC/USD',
      feed: 'kraken:BTC/USD',
    });
    writer.write('{"channel":"heartbeat"}', Date.now());
    await writer.close();
    const io = captureIo();
    expect(await runReplayCli([join(dir, 'kraken'), '--port', '0'], io)).toBe(1);
    expect(io.err()).toMatch(
      /^feed-simulator replay: \S+kraken: a recording of the kraken:BTC\/USD feed holds the exchange's own messages; replay it in the Tickdeck app/,
    );
  });

  it('`feed-simulator replay` runs as its own process and stops cleanly on SIGTERM', async () => {
    const main = resolve(import.meta.dirname, 'main.ts');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', main, 'replay', join(dir, 'rec'), '--port', '0', '--speed', '0'],
      {
        cwd: resolve(import.meta.dirname, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      for (let i = 0; i < 1_000 && !urlIn(out); i++) await new Promise((r) => setTimeout(r, 20));
      const client = await TestClient.connect(urlIn(out)!);
      await client.request({ op: 'subscribe', instruments: ['*'] });
      const end = await client.waitFor(
        (r) => r.msg.op === 'replay' && !(r.msg.state as ReplayInfo).playing,
      );
      expect(client.frames.filter((r) => r.msg.op === 'ticks').length).toBe(490);
      expect(end).toBeDefined();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await client.close();
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);
});
