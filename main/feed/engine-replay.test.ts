import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { AlertEvent } from '../../protocol/alerts';
import { parseAlertLine } from '../../protocol/alert-line';
import type { ReplayInfo, ServerMessage } from '../../protocol/feed';
import type { FeedEngine } from './engine-api';
import { createFeedEngine } from './engine';
import { T0, market, marketSnapshot, trade } from '../../test-support/engine-fixtures';
import { until, watch } from '../../test-support/batch-view';

/**
 * A stand-in replay server: announces `hello.replay`, answers controls like a replay server
 * (a bad speed is refused, a seek jumps back with `seeked` and fresh snapshots). `paused`: it
 * answers a subscription as a paused replay does, with its snapshots and state and no tick (and
 * sends no heartbeat, which a real one sends each second).
 */
async function replayServer(paused = false): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const info: ReplayInfo = {
    start: T0,
    end: T0 + 60_000,
    position: T0,
    playing: !paused,
    speed: 1,
    loop: false,
  };
  server.on('connection', (ws) => {
    const send = (m: ServerMessage) => ws.send(JSON.stringify(m));
    send({
      op: 'hello',
      protocol: 1,
      heartbeatMs: 1_000,
      instruments: [market('A')],
      replay: info,
    });
    ws.on('message', (data) => {
      const request = JSON.parse(data.toString());
      if (request.op === 'subscribe') {
        send({ op: 'status', id: request.id, ok: true });
        send({ op: 'snapshot', instrument: 'A', seq: 0, state: marketSnapshot(100) });
        if (paused) return send({ op: 'replay', state: info });
        send({ op: 'ticks', ticks: [1, 2, 3].map((s) => trade('A', s, 100 + s, T0 + s * 1_000)) });
      } else if (request.action === 'speed') {
        const error = {
          code: 'BAD_REQUEST',
          message: `speed ${request.speed} is above 100`,
        } as const;
        send({ op: 'status', id: request.id, ok: false, error });
      } else if (request.action === 'seek') {
        send({ op: 'status', id: request.id, ok: true });
        send({ op: 'replay', state: { ...info, position: request.to }, seeked: true });
        send({ op: 'snapshot', instrument: 'A', seq: 0, state: marketSnapshot(50, request.to) });
      }
    });
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function connected() {
  const server = await replayServer();
  closers.push(server.close);
  const engine: FeedEngine = createFeedEngine({ feed: server.url, batchHz: 60 });
  closers.push(() => engine.close());
  const view = watch(engine);
  await engine.openReplay(server.url, { kind: 'replay', label: '/rec/2026-11-25' });
  await until(() => view.market.get('A')?.last === 103);
  return { engine, view };
}

describe('FeedEngine with a replay server', () => {
  it('shows the replay position and where it comes from, and no bogus latency', async () => {
    const { engine, view } = await connected();
    expect(view.last()!.health.source).toEqual({ kind: 'replay', label: '/rec/2026-11-25' });
    expect(view.last()!.health.replay).toMatchObject({
      path: '/rec/2026-11-25',
      start: T0,
      end: T0 + 60_000,
      rangeFrom: T0,
      rangeTo: T0 + 60_000,
    });
    // Recorded tick times are far in the past: they must not read as latency.
    await new Promise((r) => setTimeout(r, 1_100));
    expect(engine.health().latencyP99Ms).toBeNull();
  });

  it('says a replay opened paused is paused at once, not connecting', async () => {
    const server = await replayServer(true);
    closers.push(server.close);
    const engine = createFeedEngine({ feed: server.url, batchHz: 60 });
    closers.push(() => engine.close());
    const view = watch(engine);
    const openedAt = Date.now();
    await engine.openReplay(server.url, { kind: 'replay', label: '/rec/paused' });
    await until(() => view.last()?.health.connection.state === 'live', 2_000);
    expect(Date.now() - openedAt).toBeLessThan(500);
    expect(view.last()!.health.replay).toMatchObject({ playing: false, position: T0 });
    expect(view.market.get('A')?.last).toBe(100);
  });

  it("rejects a control the server refuses with the server's message", async () => {
    const { engine } = await connected();
    await expect(engine.sendReplayControl({ action: 'speed', speed: 1_000 })).rejects.toThrow(
      'speed 1000 is above 100',
    );
  });

  it('after a seek back, every consumer starts again from the history up to the cursor', async () => {
    const { engine, view } = await connected();
    expect(view.batches.some((b) => b.series.length > 0)).toBe(true);
    const resetsBefore = view.batches.filter((b) => b.reset).length;
    // Ticks were at T0 + 1 s, 2 s, 3 s: the one at 3 s lies after the cursor.
    await engine.sendReplayControl({ action: 'seek', to: T0 + 2_500 });
    await until(() => view.market.get('A')?.last === 50);
    const reset = view.batches.findLast((b) => b.reset)!;
    expect(view.batches.filter((b) => b.reset).length).toBe(resetsBefore + 1);
    // The history up to the cursor, then the seek's snapshot, the state at the cursor (bug 265).
    expect(reset.series).toEqual([
      { id: 'A', t: [T0 + 1_000, T0 + 2_000, T0 + 2_500], price: [101, 102, 50] },
    ]);
    // The 1 s bar at 1 s closed before the cursor; the one at 2 s, still open there, is
    // rebuilt up to it (bug 192), as is every interval's: none holds the trade at 3 s.
    const bars1s = reset.bars.find((b) => b.intervalMs === 1_000)!;
    expect(bars1s.t).toEqual([T0 + 1_000, T0 + 2_000]);
    expect(reset.bars.map((b) => b.intervalMs)).toEqual([1_000, 5_000, 60_000]);
    for (const bars of reset.bars) expect([bars.c.at(-1), Math.max(...bars.h)]).toEqual([102, 102]);
    expect(view.last()!.health.replay!.position).toBe(T0 + 2_500);
  });

  it('refuses replay controls when no replay is open', async () => {
    const engine = createFeedEngine({ feed: null, batchHz: 30, simulator: { seed: 1, rate: 10 } });
    closers.push(() => engine.close());
    await engine.start();
    await until(() => engine.health().connection.state === 'live');
    await expect(engine.sendReplayControl({ action: 'pause' })).rejects.toThrow(
      'no replay is open',
    );
  });
});

describe('FeedEngine with a replay beside a live source', () => {
  async function beside() {
    const server = await replayServer();
    closers.push(server.close);
    const engine = createFeedEngine({
      feed: null,
      batchHz: 60,
      simulator: { seed: 3, rate: 200, instruments: 4, matches: 0 },
    });
    closers.push(() => engine.close());
    const view = watch(engine);
    await engine.start();
    await until(() => view.market.size === 4);
    await engine.openReplay(server.url, { kind: 'replay', label: 'morning' });
    await until(() => view.market.get('replay:A')?.last === 103);
    return { engine, view };
  }

  it('names the replay `replay:<id>` and leaves the live ids, rows and badge as they were', async () => {
    const { engine, view } = await beside();
    const health = view.last()!.health;
    expect(health.source.kind).toBe('embedded');
    expect(health.sources?.map((s) => s.name)).toEqual(['sim', 'replay']);
    expect(health.replay).toMatchObject({ path: 'morning', start: T0 });
    expect(engine.sourceNames()).toEqual(['sim']);
    const live = [...view.market.keys()].filter((id) => !id.startsWith('replay:'));
    expect(live).toHaveLength(4);
    expect(live.every((id) => !id.includes(':'))).toBe(true);
    // Only the opening batch reset the page; the replay's arrival did not.
    expect(view.batches.filter((b) => b.reset)).toHaveLength(1);
    // A recording started now records the live feed, not the replay beside it.
    const recorded: string[] = [];
    const off = engine.onRawFrame((text) => recorded.push(text));
    expect(engine.streamState().hello?.instruments.map((i) => i.id)).not.toContain('A');
    // Recorded tick times are far in the past: they must not read as the live feed's latency.
    await new Promise((r) => setTimeout(r, 1_100));
    off();
    expect(engine.health().latencyP99Ms ?? 0).toBeLessThan(60_000);
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.filter((text) => text.includes('"A"'))).toEqual([]);
  });

  it('a seek restarts the replay instruments alone; closing it drops them and nothing else', async () => {
    const { engine, view } = await beside();
    const seen = view.batches.length;
    await engine.sendReplayControl({ action: 'seek', to: T0 + 2_500 });
    await until(() => view.market.get('replay:A')?.last === 50);
    const restart = view.batches.slice(seen).find((b) => b.restarted !== undefined)!;
    expect(restart.restarted).toEqual(['replay:A']);
    expect(restart.series.find((s) => s.id === 'replay:A')).toEqual({
      id: 'replay:A',
      t: [T0 + 1_000, T0 + 2_000, T0 + 2_500],
      price: [101, 102, 50],
    });
    const liveIds = [...view.market.keys()].filter((id) => !id.startsWith('replay:'));
    await engine.closeReplay();
    await until(() => view.last()!.instruments?.every((i) => !i.id.startsWith('replay:')) === true);
    expect(view.last()!.health.replay).toBeNull();
    expect(view.batches.slice(seen).filter((b) => b.reset)).toEqual([]);
    expect(view.last()!.instruments!.map((i) => i.id)).toEqual(liveIds);
    await expect(engine.sendReplayControl({ action: 'pause' })).rejects.toThrow(
      'no replay is open',
    );
  });

  it('a stalled replay fires no feed rule: those watch the live feed', async () => {
    const { engine } = await beside();
    const parsed = parseAlertLine('feed stalled', { id: 'stall', now: Date.now() });
    if (!parsed.ok) throw new Error(parsed.error);
    engine.setAlertRules([parsed.value]);
    const fired: AlertEvent[] = [];
    engine.onAlert((event) => fired.push(event));
    // The stand-in replay server goes quiet after its ticks: its source stalls.
    const replayState = () =>
      engine.health().sources?.find((s) => s.name === 'replay')?.connection.state;
    await until(() => replayState() === 'stalled', 5_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(fired).toEqual([]);
    expect(engine.health().connection.state).toBe('live');
  });
});
