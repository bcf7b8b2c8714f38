import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateServerMessage } from '../protocol/decode';
import type { ReplayInfo, SnapshotMessage } from '../protocol/feed';
import { segmentFileName } from './format';
import { openRecording } from './recording-reader';
import { MIN_LOOP_MS } from './replay-pump';
import { RecordingWriter } from './recording-writer';
import { seek } from './seek';
import { TestClient } from '../test-support/capture-client';
import { writeSyntheticRecording, type TimedFrame } from '../test-support/recording-traffic';
import WebSocket from 'ws';
import { MAX_CLIENT_FRAME_BYTES } from '../protocol/feed';
import { REPLAY_TOKEN_PARAM, startReplayServer, type ReplayServer } from './replay-server';
import { watchProcessErrors } from '../test-support/process-errors';

let dir: string;
let frames: TimedFrame[];
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickdeck-replay-'));
  // 2,000 messages 10 ms apart: 20 s of recorded time, three segments.
  frames = await writeSyntheticRecording(dir, { messages: 2_000, segmentMaxMs: 8_000 });
});
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(
  opts: { speed?: number; loop?: boolean; private?: boolean } = {},
): Promise<ReplayServer> {
  const server = await startReplayServer({ dir, ...opts });
  open.push(server);
  return server;
}

async function client(server: ReplayServer): Promise<TestClient> {
  const c = await TestClient.connect(server.url);
  open.push(c);
  return c;
}

const isData = (op: string): boolean => op === 'snapshot' || op === 'ticks';
const dataFrames = (): string[] =>
  frames.filter((f) => /^\{"op":"(snapshot|ticks)"/.test(f.raw)).map((f) => f.raw);
const replayState = (c: TestClient): ReplayInfo =>
  c.frames.filter((r) => r.msg.op === 'replay').at(-1)!.msg.state as ReplayInfo;

describe('replay server', () => {
  it('greets with the recording span and its instruments, in valid protocol', async () => {
    const c = await client(await serve());
    const hello = await c.waitFor((r) => r.msg.op === 'hello');
    expect(validateServerMessage(hello.msg).ok).toBe(true);
    expect(hello.msg.replay).toMatchObject({
      start: frames[0]!.t,
      end: frames.at(-1)!.t,
      position: frames[0]!.t,
      playing: true,
      speed: 1,
      loop: false,
    });
    expect((hello.msg.instruments as { id: string }[]).map((i) => i.id)).toContain('M0');
  });

  it('at full speed sends every recorded snapshot and ticks frame verbatim, in order, then stops at the end', async () => {
    const c = await client(await serve({ speed: 0 }));
    await c.request({ op: 'subscribe', instruments: ['*'] });
    await c.waitFor((r) => r.msg.op === 'replay' && (r.msg.state as ReplayInfo).playing === false);
    const got = c.frames.filter((r) => isData(r.msg.op)).map((r) => r.raw);
    expect(got).toEqual(dataFrames());
    expect(replayState(c).position).toBe(frames.at(-1)!.t);
    for (const r of c.frames) expect(validateServerMessage(r.msg).ok).toBe(true);
  });

  it('paces frames by recorded time over the speed factor (within 150 ms)', async () => {
    const c = await client(await serve({ speed: 10 }));
    await c.request({ op: 'subscribe', instruments: ['*'] });
    // 15 s of recorded time at 10x should take 1.5 s of wall time.
    const start = frames[0]!.t;
    const first = await c.waitFor((r) => r.msg.op === 'ticks');
    const later = await c.waitFor(
      (r) => r.msg.op === 'ticks' && (r.msg.ticks as { ts: number }[])[0]!.ts >= start + 15_000,
      10_000,
    );
    const recorded =
      (later.msg.ticks as { ts: number }[])[0]!.ts - (first.msg.ticks as { ts: number }[])[0]!.ts;
    const wall = later.at - first.at;
    expect(Math.abs(wall - recorded / 10)).toBeLessThan(150);
  });

  it('pauses, resumes, changes speed and refuses a speed outside 0.25x..100x', async () => {
    const c = await client(await serve({ speed: 1 }));
    await c.request({ op: 'subscribe', instruments: ['*'] });
    await c.waitFor((r) => r.msg.op === 'ticks');
    expect((await c.request({ op: 'replay', action: 'pause' })).msg.ok).toBe(true);
    await c.waitFor((r) => r.msg.op === 'replay' && (r.msg.state as ReplayInfo).playing === false);
    const count = c.frames.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(c.frames.slice(count).filter((r) => isData(r.msg.op))).toEqual([]);
    const bad = await c.request({ op: 'replay', action: 'speed', speed: 500 });
    expect(bad.msg).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/0\.25 to 100, got 500/) },
    });
    await c.request({ op: 'replay', action: 'speed', speed: 0 });
    await c.request({ op: 'replay', action: 'resume' });
    const end = await c.waitFor(
      (r) =>
        r.msg.op === 'replay' &&
        (r.msg.state as ReplayInfo).position === frames.at(-1)!.t &&
        !(r.msg.state as ReplayInfo).playing,
    );
    expect((end.msg.state as ReplayInfo).speed).toBe(0);
  });

  it('after a seek sends seeked, the state at t as snapshots, then ticks from t', async () => {
    const server = await serve({ speed: 1 });
    const c = await client(server);
    await c.request({ op: 'subscribe', instruments: ['*'] });
    await c.request({ op: 'replay', action: 'pause' });
    const to = frames[0]!.t + 12_345;
    const from = c.frames.length;
    await c.request({ op: 'replay', action: 'seek', to });
    const seeked = await c.waitFor(
      (r) => r.msg.op === 'replay' && r.msg.seeked === true,
      5_000,
      from,
    );
    expect((seeked.msg.state as ReplayInfo).position).toBe(to);
    await c.request({ op: 'replay', action: 'speed', speed: 0 });
    await c.request({ op: 'replay', action: 'resume' });
    const firstTicks = await c.waitFor(
      (r) => r.msg.op === 'ticks',
      5_000,
      c.frames.indexOf(seeked),
    );
    const after = c.frames.slice(c.frames.indexOf(seeked) + 1, c.frames.indexOf(firstTicks));
    const snaps = after
      .filter((r) => r.msg.op === 'snapshot')
      .map((r) => r.msg as unknown as SnapshotMessage);
    const expected = (await seek(await openRecording(dir), to)).fold.snapshots();
    expect(snaps).toEqual(expected);
    expect(snaps).toHaveLength(9);
    // The first ticks after the seek are the first recorded after t.
    const next = frames.find((f) => f.t > to)!;
    expect(firstTicks.raw).toBe(next.raw);
  });

  it('answers a resume sent in several frames, then ["*"], with one snapshot per instrument', async () => {
    const c = await client(await serve({ speed: 1 }));
    await c.request({ op: 'subscribe', instruments: ['M0'] });
    await c.waitFor((r) => r.msg.op === 'ticks', 5_000); // playing: past the opening snapshots
    await c.request({ op: 'replay', action: 'pause' });
    const from = c.frames.length;
    // What a client resuming many instruments sends (PROTOCOL.md, "Resume").
    await c.request({ op: 'subscribe', instruments: ['M1'], resume: { M1: 3 } });
    await c.request({ op: 'subscribe', instruments: ['*'] });
    await c.request({ op: 'replay', action: 'speed', speed: 2 }); // every reply came before this
    const snapped = c.frames
      .slice(from)
      .filter((r) => r.msg.op === 'snapshot')
      .map((r) => (r.msg as unknown as SnapshotMessage).instrument);
    expect(snapped).toContain('M1');
    expect(snapped).not.toContain('M0'); // subscribed already, and not asked again
    expect(snapped.length).toBeGreaterThan(2);
    expect(new Set(snapped).size).toBe(snapped.length);
  });

  it('resume with a target plays up to it and pauses there (the step and range primitive)', async () => {
    const c = await client(await serve({ speed: 0 }));
    await c.request({ op: 'replay', action: 'pause' });
    await c.request({ op: 'subscribe', instruments: ['*'] });
    const to = frames[0]!.t + 3_000;
    await c.request({ op: 'replay', action: 'resume', to });
    const stop = await c.waitFor(
      (r) =>
        r.msg.op === 'replay' &&
        !(r.msg.state as ReplayInfo).playing &&
        (r.msg.state as ReplayInfo).position === to,
    );
    const ticks = c.frames.slice(0, c.frames.indexOf(stop)).filter((r) => r.msg.op === 'ticks');
    expect(ticks.at(-1)!.raw).toBe(frames.filter((f) => f.t <= to).at(-1)!.raw);
  });

  it('handles requests in order: a seek sent right before a resume lands first', async () => {
    const c = await client(await serve({ speed: 0 }));
    await c.request({ op: 'replay', action: 'pause' });
    await c.request({ op: 'subscribe', instruments: ['*'] });
    const to = frames[0]!.t + 9_000;
    const from = c.frames.length;
    c.send({ op: 'replay', action: 'seek', to });
    c.send({ op: 'replay', action: 'resume', to: to + 1_000 });
    const stop = await c.waitFor(
      (r) =>
        r.msg.op === 'replay' &&
        !(r.msg.state as ReplayInfo).playing &&
        (r.msg.state as ReplayInfo).position === to + 1_000,
      5_000,
      from,
    );
    const ticks = c.frames.slice(from, c.frames.indexOf(stop)).filter((r) => r.msg.op === 'ticks');
    expect(ticks[0]!.raw).toBe(frames.find((f) => f.t > to)!.raw);
  });

  it('loops back to the start with seeked and fresh snapshots when looping', async () => {
    const c = await client(await serve({ speed: 0, loop: true }));
    await c.request({ op: 'subscribe', instruments: ['M0'] });
    const looped = await c.waitFor((r) => r.msg.op === 'replay' && r.msg.seeked === true, 10_000);
    expect((looped.msg.state as ReplayInfo).position).toBe(frames[0]!.t);
    const snap = await c.waitFor((r) => r.msg.op === 'snapshot', 5_000, c.frames.indexOf(looped));
    expect(snap.msg.instrument).toBe('M0');
    // Only the subscribed instrument flows.
    const ids = c.frames
      .filter((r) => r.msg.op === 'ticks')
      .flatMap((r) => (r.msg.ticks as { instrument: string }[]).map((t) => t.instrument));
    expect(new Set(ids)).toEqual(new Set(['M0']));
    await c.request({ op: 'replay', action: 'pause' });
  });

  it('loops a recording of one instant at most once per MIN_LOOP_MS, and other clients still get in', async () => {
    const instant = mkdtempSync(join(tmpdir(), 'tickdeck-replay-instant-'));
    open.push({ close: async () => rmSync(instant, { recursive: true, force: true }) });
    const acme = { id: 'A', kind: 'market' as const, name: 'A', tickSize: 0.01 };
    const writer = await RecordingWriter.create({ dir: instant, source: 'x', instruments: [acme] });
    const tick = {
      instrument: 'A',
      seq: 1,
      ts: 5,
      kind: 'quote',
      bid: 1,
      ask: 2,
      bidSize: 1,
      askSize: 1,
    };
    writer.write(JSON.stringify({ op: 'ticks', ticks: [tick] }), 5_000);
    await writer.close();
    for (const speed of [1, 0]) {
      const server = await startReplayServer({ dir: instant, speed, loop: true });
      open.push(server);
      const looping = await client(server);
      await looping.request({ op: 'subscribe', instruments: ['*'] });
      const started = performance.now();
      const bystander = await client(server);
      await bystander.waitFor((r) => r.msg.op === 'hello', 2_000);
      await new Promise((r) => setTimeout(r, 500));
      const loops = looping.frames.filter((r) => r.msg.op === 'replay' && r.msg.seeked).length;
      const most = Math.ceil((performance.now() - started) / MIN_LOOP_MS) + 1;
      expect(loops, `speed ${speed}`).toBeGreaterThan(0);
      expect(loops, `speed ${speed}`).toBeLessThanOrEqual(most);
    }
  });

  it('refuses an unknown instrument and a malformed request with a status naming the problem', async () => {
    const c = await client(await serve());
    const unknown = await c.request({ op: 'subscribe', instruments: ['NOPE'] });
    expect(unknown.msg).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_INSTRUMENT', message: expect.stringContaining('NOPE') },
    });
    const bad = await c.request({ op: 'replay', action: 'rewind' });
    expect(bad.msg).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('replay.action') },
    });
  });

  it('reports a damaged segment met during playback as an error naming it, pauses, and keeps serving', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'tickdeck-replay-damaged-'));
    open.push({ close: async () => rmSync(damaged, { recursive: true, force: true }) });
    await writeSyntheticRecording(damaged, { messages: 2_000, segmentMaxMs: 8_000 });
    const file = join(damaged, segmentFileName(1));
    const bytes = readFileSync(file);
    for (let i = 20; i < 60; i++) bytes[i] = bytes[i]! ^ 0x5a;
    writeFileSync(file, bytes);
    const server = await startReplayServer({ dir: damaged, speed: 0 });
    open.push(server);
    const c = await client(server);
    await c.request({ op: 'subscribe', instruments: ['*'] });
    const failure = await c.waitFor((r) => r.msg.op === 'status' && r.msg.ok === false);
    expect(failure.msg).toMatchObject({
      id: null,
      error: {
        code: 'INTERNAL',
        message: expect.stringContaining(`${file}: gzip data is damaged`),
      },
    });
    await c.waitFor((r) => r.msg.op === 'replay' && !(r.msg.state as ReplayInfo).playing);
    // Still serving: a seek back into the readable part works.
    const from = c.frames.length;
    await c.request({ op: 'replay', action: 'seek', to: frames[0]!.t + 1_000 });
    const seeked = await c.waitFor(
      (r) => r.msg.op === 'replay' && r.msg.seeked === true,
      5_000,
      from,
    );
    expect((seeked.msg.state as ReplayInfo).position).toBe(frames[0]!.t + 1_000);
  });

  it('refuses to start on a missing recording, naming the folder', async () => {
    await expect(startReplayServer({ dir: join(dir, 'missing') })).rejects.toThrow(
      /missing: no such folder/,
    );
  });

  it('closes a client that sends a frame over the size limit (1009) and keeps serving the others', async () => {
    const errors = watchProcessErrors();
    open.push({ close: async () => errors.stop() });
    const server = await serve({ speed: 0 });
    const bystander = await client(server);
    const hostile = await client(server);
    const closed = new Promise<number>((r) => hostile.ws.once('close', (code) => r(code)));
    hostile.ws.send('x'.repeat(MAX_CLIENT_FRAME_BYTES + 1024));
    expect(await closed).toBe(1009);
    await bystander.request({ op: 'subscribe', instruments: ['*'] });
    await bystander.waitFor((r) => r.msg.op === 'ticks');
    expect(errors.errors).toEqual([]);
  });

  it("names the recording's folder in hello, never its path", async () => {
    const c = await client(await serve());
    const hello = await c.waitFor((r) => r.msg.op === 'hello');
    const folder = dir.split(/[\\/]/).at(-1)!;
    expect(hello.msg.server).toBe(`tickdeck-replay/1 ${folder}`);
    expect(hello.raw).not.toContain(dir);
  });
});

describe('private replay server (in-app replay)', () => {
  /** The HTTP status an upgrade to `url` is refused with, or 101 when it is accepted. */
  function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => {
        ws.terminate();
        resolve(101);
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', reject);
    });
  }

  it('serves only a client holding its per-run secret, and no browser page', async () => {
    const server = await serve({ private: true });
    const url = new URL(server.url);
    const token = url.searchParams.get(REPLAY_TOKEN_PARAM)!;
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    const bare = `ws://127.0.0.1:${server.port}`;
    expect(await upgradeStatus(bare)).toBe(401);
    expect(await upgradeStatus(`${bare}/?${REPLAY_TOKEN_PARAM}=${'0'.repeat(48)}`)).toBe(401);
    expect(await upgradeStatus(server.url, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(server.url)).toBe(101);
    const other = await serve({ private: true });
    expect(new URL(other.url).searchParams.get(REPLAY_TOKEN_PARAM)).not.toBe(token);
  });

  it('replays to the client that holds the secret', async () => {
    const c = await client(await serve({ private: true, speed: 0 }));
    await c.request({ op: 'subscribe', instruments: ['*'] });
    await c.waitFor((r) => r.msg.op === 'ticks');
  });
});
