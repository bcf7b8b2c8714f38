import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { MarketSnapshotState } from '../../protocol/feed';
import { RecordingError, openRecording, seek } from '../../recording';
import { writeSyntheticRecording, type TimedFrame } from '../../test-support/recording-traffic';
import { createFeedEngine } from '../feed/engine';
import type { FeedEngine } from '../feed/engine-api';
import { until, watch, type View } from '../../test-support/batch-view';
import { ReplayController, type ReplayEngine } from './replay-controller';
import { STEP_MS } from './replay-transport';

let root: string;
let dir: string;
let frames: TimedFrame[];
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tickdeck-replay-ctl-'));
  dir = join(root, 'morning-session');
  // 3,000 messages 10 ms apart: 30 s of recorded time.
  frames = await writeSyntheticRecording(dir, { messages: 3_000, segmentMaxMs: 10_000 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** The engine as the controller sees it, noting every URL it is told to open. */
function spied(engine: FeedEngine, urls: string[]): ReplayEngine {
  return {
    openReplay: (url, source) => (urls.push(url), engine.openReplay(url, source)),
    closeReplay: () => engine.closeReplay(),
    sendReplayControl: (r, bars) => engine.sendReplayControl(r, bars),
    onReplayFrame: (l) => engine.onReplayFrame(l),
    setReplayView: (v) => engine.setReplayView(v),
  };
}

function setup(): { engine: FeedEngine; controller: ReplayController; view: View; urls: string[] } {
  const engine = createFeedEngine({ feed: 'ws://127.0.0.1:9', batchHz: 60 });
  closers.push(() => engine.close());
  const urls: string[] = [];
  const controller = new ReplayController({ engine: spied(engine, urls) });
  closers.push(() => controller.close());
  return { engine, controller, view: watch(engine), urls };
}

/** The HTTP status an upgrade to `url` gets (101: accepted), or the connection error's code. */
function upgradeStatus(
  url: string,
  headers: Record<string, string> = {},
): Promise<number | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => (ws.terminate(), resolve(101)));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

const start = (): number => frames[0]!.t;

describe('ReplayController', () => {
  it('opens a recording as the engine feed: the dashboard fills and the health bar says REPLAY', async () => {
    const { engine, controller, view } = setup();
    const status = await controller.open(dir);
    expect(status).toMatchObject({
      path: dir,
      start: start(),
      end: frames.at(-1)!.t,
      rangeFrom: start(),
      loop: false,
    });
    await until(() => view.market.size === 8 && view.sports.size === 1);
    const health = engine.health();
    expect(health.source).toEqual({ kind: 'replay', label: 'morning-session' });
    await until(() => engine.health().replay !== null);
    expect(engine.health().replay!.start).toBe(start());
  });

  it('seeks to a moment and the dashboard shows the state at that moment', async () => {
    const { controller, view } = setup();
    await controller.open(dir);
    await controller.control({ action: 'pause' });
    const t = start() + 12_500;
    await controller.control({ action: 'seek', to: t });
    const expected = (await seek(await openRecording(dir), t)).fold.snapshots();
    const m3 = expected.find((s) => s.instrument === 'M3')!.state as MarketSnapshotState;
    await until(
      () => view.market.get('M3')?.bid === m3.bid && view.market.get('M3')?.volume === m3.volume,
    );
    expect(controller.status()).toMatchObject({ position: t, playing: false });
  });

  it('after a seek forward, the price line ends at the cursor, at the price the row shows (bug 265)', async () => {
    const { engine, controller, view } = setup();
    await controller.open(dir);
    await controller.control({ action: 'pause' });
    await until(() => view.market.get('M3') !== undefined);
    const t = start() + 20_000;
    await controller.control({ action: 'seek', to: t });
    const expected = (await seek(await openRecording(dir), t)).fold.snapshots();
    const m3 = expected.find((s) => s.instrument === 'M3')!.state as MarketSnapshotState;
    await until(() => view.market.get('M3')?.volume === m3.volume);
    const line = engine.priceHistory({ id: 'M3', from: start(), to: t + 1, maxPoints: 10_000 });
    // Before: the line ended at the last point played, near the start, the cursor's price
    // only in the row.
    expect(line.t.at(-1)).toBe(m3.ts);
    expect(line.price.at(-1)).toBe(view.market.get('M3')!.last);
    expect(view.market.get('M3')!.last).toBe(m3.last);
  });

  it('steps one second of recorded time while paused, and keeps the chosen speed', async () => {
    const { controller } = setup();
    await controller.open(dir);
    await controller.control({ action: 'pause' });
    await controller.control({ action: 'speed', speed: 2 });
    const t = start() + 5_000;
    await controller.control({ action: 'seek', to: t });
    await controller.control({ action: 'step' });
    await until(
      () => controller.status()!.position === t + STEP_MS && !controller.status()!.playing,
    );
    await until(() => controller.status()!.speed === 2);
    await controller.control({ action: 'step' });
    await until(
      () => controller.status()!.position === t + 2 * STEP_MS && !controller.status()!.playing,
    );
  });

  it('after a seek back past what the engine holds, has the candle open at the cursor (bug 233)', async () => {
    // 480 s of one market, about 3 trades a second, played to the end at Max: the engine's 5 s
    // bars (320 s), 1 s bars and tape (512 trades) no longer reach back to the second minute.
    const long = join(root, 'long-session');
    const written = await writeSyntheticRecording(long, {
      messages: 4_800,
      stepMs: 100,
      instruments: 1,
      segmentMaxMs: 60_000,
    });
    const { engine, controller } = setup();
    const status = await controller.open(long);
    await controller.control({ action: 'speed', speed: 0 });
    await until(
      () => controller.status()!.position >= status.end && !controller.status()!.playing,
      20_000,
    );
    const t = written[0]!.t + 90_500;
    await controller.control({ action: 'seek', to: t });
    await until(() => engine.health().replay?.position === t);
    const minute = t - (t % 60_000);
    const bars = () =>
      engine.priceHistory({
        id: 'M0',
        from: minute,
        to: t + 1,
        maxPoints: 10,
        barIntervalMs: 60_000,
      }).bars?.t;
    // Before: none until playback reached the next trade (the minute's bar was dropped).
    await until(() => bars()?.length === 1);
    expect(bars()).toEqual([minute]);
  });

  it('loops between the from/to of a range', async () => {
    const { engine, controller } = setup();
    const seeks: number[] = [];
    engine.onRawFrame((text) => {
      const m = JSON.parse(text) as { op: string; seeked?: boolean; state?: { position: number } };
      if (m.op === 'replay' && m.seeked) seeks.push(m.state!.position);
    });
    await controller.open(dir);
    await controller.control({ action: 'speed', speed: 20 });
    await controller.control({ action: 'loop', loop: true });
    const from = start() + 2_000;
    const to = start() + 4_000;
    await controller.control({ action: 'range', from, to });
    await until(() => seeks.filter((p) => p === from).length >= 3, 5_000);
    expect(controller.status()).toMatchObject({ rangeFrom: from, rangeTo: to, loop: true });
    expect(controller.status()!.position).toBeGreaterThanOrEqual(from);
    expect(controller.status()!.position).toBeLessThanOrEqual(to);
  });

  it('refuses a missing folder or an impossible control with an error naming the problem', async () => {
    const { engine, controller } = setup();
    const err = await controller.open(join(root, 'nope')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordingError);
    expect((err as Error).message).toBe(`${join(root, 'nope')}: no such folder`);
    expect(engine.health().source.kind).not.toBe('replay');
    await expect(controller.control({ action: 'play' })).rejects.toThrow(/no recording is open/);
    await controller.open(dir);
    await expect(controller.control({ action: 'speed', speed: 1_000 })).rejects.toThrow(
      /0\.25 to 100, got 1000/,
    );
    await expect(
      controller.control({ action: 'range', from: start() + 5, to: start() + 5 }),
    ).rejects.toThrow(/range/);
  });

  it("tells a recording's warnings once it plays, and none of one it refused (bug 177)", async () => {
    const engine = createFeedEngine({ feed: 'ws://127.0.0.1:9', batchHz: 60 });
    closers.push(() => engine.close());
    const warnings: string[] = [];
    const controller = new ReplayController({ engine, onWarning: (m) => warnings.push(m) });
    closers.push(() => controller.close());
    const headerOnly = join(root, 'header-only');
    mkdirSync(headerOnly);
    const header = { k: 'header', format: 'tickdeck-recording', version: 1, segment: 0 };
    writeFileSync(
      join(headerOnly, 'segment-000000.ndjson.gz'),
      gzipSync(`${JSON.stringify({ ...header, source: 'ws://x', start: 1, instruments: [] })}\n`),
    );
    await expect(controller.open(headerOnly)).rejects.toThrow(/holds no data/);
    expect(warnings).toEqual([]);
    const unindexed = join(root, 'unindexed');
    cpSync(dir, unindexed, { recursive: true });
    rmSync(join(unindexed, 'index.json'));
    await controller.open(unindexed);
    expect(warnings).toEqual([expect.stringMatching(/index\.json: missing or unreadable/)]);
  });

  it('serves only its engine: another local process or a browser page is refused at the port', async () => {
    const { controller, view, urls } = setup();
    await controller.open(dir);
    const url = new URL(urls[0]!);
    expect(url.searchParams.get('token')).toMatch(/^[0-9a-f]{48}$/);
    expect(await upgradeStatus(`ws://${url.host}/`)).toBe(401);
    expect(await upgradeStatus(url.href, { Origin: 'https://evil.example' })).toBe(403);
    await until(() => view.market.size === 8);
  });
});

describe('ReplayController, one replay at a time', () => {
  let other: string;
  beforeAll(async () => {
    other = join(root, 'evening-session');
    await writeSyntheticRecording(other, { messages: 500, start: start() + 3_600_000 });
  });

  it('two concurrent opens: the later wins and keeps playing, the earlier gives up without touching it', async () => {
    const { engine, controller, view, urls } = setup();
    const [first, second] = await Promise.allSettled([
      controller.open(dir),
      controller.open(other),
    ]);
    expect(second).toMatchObject({ status: 'fulfilled', value: { path: other } });
    if (first.status === 'rejected')
      expect((first.reason as Error).message).toBe(
        `${dir}: not opened: cancelled by a later open or close`,
      );
    expect(controller.status()).toMatchObject({ path: other, start: start() + 3_600_000 });
    expect(engine.health().source).toEqual({ kind: 'replay', label: 'evening-session' });
    // The earlier open's server is gone; the winner's serves, and controls reach it.
    for (const url of urls.slice(0, -1)) expect(await upgradeStatus(url)).toBe('ECONNREFUSED');
    expect(await upgradeStatus(urls.at(-1)!)).toBe(101);
    await expect(controller.control({ action: 'pause' })).resolves.toMatchObject({
      playing: false,
    });
    await until(() => view.market.size === 8 && engine.health().connection.state === 'live');
  });

  it('a close while an open is starting cancels it: nothing is left open', async () => {
    const { controller, urls } = setup();
    const opening = controller.open(dir);
    await controller.close();
    await expect(opening).rejects.toThrow(`${dir}: not opened: cancelled by a later open or close`);
    expect(controller.status()).toBeNull();
    expect(urls).toEqual([]); // the engine was never pointed at it
  });

  it('a later open that fails leaves the earlier one to finish', async () => {
    const { controller } = setup();
    const missing = join(root, 'nope');
    const [first, second] = await Promise.allSettled([
      controller.open(dir),
      controller.open(missing),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { path: dir } });
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(RecordingError) });
    expect(controller.status()).toMatchObject({ path: dir });
  });
});
