import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AlertEvent } from '../../protocol/alerts';
import { startSimulator } from '../../feed-simulator/index';
import { startProxy } from '../../test-support/fault-proxy';
import { until, watch } from '../../test-support/batch-view';
import { createFeedEngine } from './engine';
import { ruleLine } from '../../test-support/alert-rules';

const rule = (line: string, id: string) => ruleLine(line, id, Date.now());

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function engineViaProxy() {
  const sim = await startSimulator({ port: 0, seed: 7, rate: 400, heartbeatMs: 100 });
  closers.push(() => sim.close());
  const proxy = await startProxy(sim.url);
  closers.push(() => proxy.close());
  const engine = createFeedEngine({
    feed: proxy.url,
    batchHz: 30,
    backoff: { baseMs: 20, capMs: 100 },
  });
  closers.push(() => engine.close());
  const view = watch(engine);
  const events: AlertEvent[] = [];
  engine.onAlert((e) => events.push(e));
  await engine.start();
  await until(() => view.market.size > 0);
  return { engine, proxy, view, events };
}

describe('alerts in the feed engine', () => {
  it('evaluates folded ticks and says which rules wait for an instrument', async () => {
    const { engine, view, events } = await engineViaProxy();
    const id = [...view.market.keys()][0] as string;
    engine.setAlertRules([
      rule(`${id} above 0 on mid`, 'any-quote'),
      rule('NOPE above 1', 'later'),
    ]);
    expect(engine.alertStates()).toEqual({ 'any-quote': 'armed', later: 'pending' });
    await until(() => events.length > 0);
    const [event] = events;
    expect(event).toMatchObject({
      rule: { id: 'any-quote' },
      text: `${id} above 0 on mid`,
      tick: { instrument: id, seq: expect.any(Number), ts: expect.any(Number) },
      replayPosition: null,
    });
    expect(event?.tick?.value).toBeGreaterThan(0);
    expect(engine.alertStates()['any-quote']).toBe('fired');
  });

  it('fires feed rules on a gap and on a stall', async () => {
    const { engine, proxy, events } = await engineViaProxy();
    engine.setAlertRules([rule('feed gap', 'gap'), rule('feed stalled', 'stall')]);
    proxy.dropNextTicks();
    await until(() => events.some((e) => e.rule.id === 'gap'));
    proxy.silence();
    await until(() => events.some((e) => e.rule.id === 'stall'));
    expect(events.find((e) => e.rule.id === 'stall')?.tick).toBeNull();
  });

  it("fires the first goal after joining a match in play, from the snapshot's score", async () => {
    // A feed of one match, 0-0 in its 10th minute when the engine joins; a goal once asked.
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const match = { id: 'm1', kind: 'sports', name: 'A v B', home: 'A', away: 'B' };
    let feed: WebSocket | undefined;
    server.on('connection', (socket) => {
      feed = socket;
      const send = (msg: object) => socket.send(JSON.stringify(msg));
      send({ op: 'hello', protocol: 1, heartbeatMs: 1_000, server: 'one', instruments: [match] });
      socket.on('message', (data) => {
        const req = JSON.parse(String(data)) as { op: string; id: number };
        send({ op: 'status', id: req.id, ok: true });
        const odds = { home: 2, draw: 3, away: 4 };
        const state = { kind: 'sports', status: 'live', home: 0, away: 0, clockMs: 600_000 };
        const rest = { running: true, odds, incidents: [], ts: Date.now() };
        if (req.op === 'subscribe')
          send({ op: 'snapshot', instrument: 'm1', seq: 1, state: { ...state, ...rest } });
      });
    });
    const { port } = server.address() as { port: number };
    const engine = createFeedEngine({ feed: `ws://127.0.0.1:${port}`, batchHz: 30 });
    closers.push(() => engine.close());
    const view = watch(engine);
    const events: AlertEvent[] = [];
    engine.onAlert((e) => events.push(e));
    engine.setAlertRules([rule('match:m1 goal', 'goal')]);
    await engine.start();
    await until(() => view.sports.get('m1')?.status === 'live');
    const goal = { instrument: 'm1', seq: 2, ts: Date.now(), kind: 'score', home: 1, away: 0 };
    feed!.send(JSON.stringify({ op: 'ticks', ticks: [goal] }));
    // Before: the engine's first score tick of a match had no score before it, and fired nothing.
    await until(() => events.length > 0);
    expect(events[0]).toMatchObject({ rule: { id: 'goal' }, tick: { seq: 2, value: 1 } });
  });
});
