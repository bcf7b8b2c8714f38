import { describe, expect, it } from 'vitest';
import type { ServerMessage, Tick } from '../protocol/feed';
import { CLOSE_CODES, PROTOCOL_VERSION } from '../protocol/feed';
import type { SimulatorOptions } from './index';
import { continuityViolation } from '../test-support/protocol-client';
import { useSimulators } from '../test-support/simulators';

const { start, connect } = useSimulators();

function hello(messages: readonly ServerMessage[]) {
  return messages.find((m) => m.op === 'hello');
}

describe('feed server', () => {
  it('greets every connection with hello listing all instruments and the heartbeat interval', async () => {
    const sim = await start({ instruments: 5, matches: 2, heartbeatMs: 250 });
    const client = await connect(sim);
    const h = await client.waitFor(hello, 'hello');
    expect(client.messages[0]).toBe(h);
    expect(h.protocol).toBe(PROTOCOL_VERSION);
    expect(h.heartbeatMs).toBe(250);
    expect(h.instruments.map((i) => i.kind)).toEqual([
      ...Array(5).fill('market'),
      'sports',
      'sports',
    ]);
    expect(h.instruments.map((i) => i.id)).toContain('m1');
    expect(new Set(h.instruments.map((i) => i.id)).size).toBe(7);
  });

  it('answers subscribe with ok, then one snapshot per instrument, then ticks that continue each snapshot', async () => {
    const sim = await start({ instruments: 4, matches: 1, rate: 4000 });
    const client = await connect(sim);
    const id = client.request({ op: 'subscribe', instruments: ['*'] });
    await client.waitForTicks(500);
    const afterHello = client.messages.slice(1);
    expect(afterHello[0]).toEqual({ op: 'status', id, ok: true });
    const firstTicks = afterHello.findIndex((m) => m.op === 'ticks');
    const snapshots = afterHello.filter((m) => m.op === 'snapshot');
    expect(snapshots.map((s) => s.instrument).sort()).toEqual([
      'ACME',
      'BOLT',
      'CRUX',
      'DYNO',
      'm1',
    ]);
    expect(afterHello.slice(1, firstTicks).every((m) => m.op === 'snapshot')).toBe(true);
    expect(continuityViolation(client.messages)).toBeNull();
  });

  it('batches many ticks per frame at high rates', async () => {
    const sim = await start({ instruments: 10, matches: 0, rate: 50_000 });
    const client = await connect(sim);
    client.request({ op: 'subscribe', instruments: ['*'] });
    const ticks = await client.waitForTicks(20_000);
    const frames = client.messages.filter((m) => m.op === 'ticks').length;
    expect(ticks.length / frames).toBeGreaterThan(50);
    expect(continuityViolation(client.messages)).toBeNull();
  });

  it('sends only the instruments subscribed, and nothing more of one after unsubscribe', async () => {
    const sim = await start({ instruments: 5, matches: 0, rate: 5000 });
    const client = await connect(sim);
    await client.status(client.request({ op: 'subscribe', instruments: ['ACME', 'BOLT'] }));
    await client.waitForTicks(100);
    expect(new Set(client.ticks().map((t) => t.instrument))).toEqual(new Set(['ACME', 'BOLT']));
    const unsubscribed = await client.status(
      client.request({ op: 'unsubscribe', instruments: ['ACME'] }),
    );
    expect(unsubscribed.ok).toBe(true);
    const cut = client.messages.length;
    await client.waitForTicks(client.ticks().length + 200);
    const later = client.messages.slice(cut).flatMap((m) => (m.op === 'ticks' ? m.ticks : []));
    expect(later.every((t) => t.instrument === 'BOLT')).toBe(true);
  });

  it('sends a fresh snapshot of a subscribed instrument only when asked with snapshot: true', async () => {
    const sim = await start({ instruments: 2, matches: 0, rate: 2000 });
    const client = await connect(sim);
    await client.status(client.request({ op: 'subscribe', instruments: ['ACME'] }));
    await client.waitForTicks(20);
    await client.status(client.request({ op: 'subscribe', instruments: ['ACME'] }));
    await client.status(client.request({ op: 'subscribe', instruments: ['ACME'], snapshot: true }));
    await client.waitForTicks(client.ticks().length + 20);
    expect(client.messages.filter((m) => m.op === 'snapshot')).toHaveLength(2);
    expect(continuityViolation(client.messages)).toBeNull();
  });

  it('sends heartbeats at the announced interval', async () => {
    const sim = await start({ heartbeatMs: 100, instruments: 1, matches: 0 });
    const client = await connect(sim);
    const started = Date.now();
    const beats = await client.waitFor((ms) => {
      const hb = ms.filter((m) => m.op === 'heartbeat');
      return hb.length >= 9 ? hb : undefined;
    }, '9 heartbeats');
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(beats.every((b) => Math.abs(b.ts - Date.now()) < 5000)).toBe(true);
    // The typical gap, from the server's own stamps: a busy machine delays a few timers, but a
    // server beating at half or twice the announced rate is outside these bounds.
    const gapsMs = beats.slice(1).map((b, i) => b.ts - beats[i]!.ts);
    const medianGapMs = gapsMs.sort((a, b) => a - b)[Math.floor(gapsMs.length / 2)]!;
    expect(medianGapMs).toBeGreaterThanOrEqual(75);
    expect(medianGapMs).toBeLessThan(175);
  });

  it('cuts a peer that stops answering pings, and keeps the one that answers', async () => {
    const sim = await start({ heartbeatMs: 50, instruments: 1, matches: 0 });
    const deaf = await connect(sim, { autoPong: false });
    const healthy = await connect(sim);
    const closed = await deaf.closed;
    expect(closed.code).toBe(1006); // terminated: no close handshake with a dead peer
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    expect(sim.stats().clients).toBe(1);
  });

  it('refuses connections past maxClients with 1013 and serves the others', async () => {
    const sim = await start({ maxClients: 2, instruments: 1, matches: 0 });
    const a = await connect(sim);
    await connect(sim);
    const extra = await connect(sim);
    const closed = await extra.closed;
    expect(closed.code).toBe(CLOSE_CODES.TRY_AGAIN_LATER);
    expect(closed.reason).toMatch(/server full/);
    a.request({ op: 'subscribe', instruments: ['*'] });
    await a.waitForTicks(5);
  });

  it('reports clients and throughput in stats', async () => {
    const sim = await start({ instruments: 3, matches: 0, rate: 3000 });
    const client = await connect(sim);
    client.request({ op: 'subscribe', instruments: ['*'] });
    await client.waitForTicks(3500);
    const stats = sim.stats();
    expect(stats.clients).toBe(1);
    expect(stats.ticksPerSec).toBeGreaterThan(1500);
    expect(stats.ticksPerSec).toBeLessThan(4500);
    expect(stats.bytesPerSec).toBeGreaterThan(stats.ticksPerSec * 50);
    expect(stats.ticksTotal).toBeGreaterThanOrEqual(3500);
  });
});

describe('determinism', () => {
  /** Ticks keyed by instrument and seq, without the timestamp. */
  function events(ticks: readonly Tick[]): Map<string, unknown> {
    return new Map(ticks.map(({ ts: _ts, ...rest }) => [`${rest.instrument}#${rest.seq}`, rest]));
  }

  async function collect(options: SimulatorOptions, count: number): Promise<Map<string, unknown>> {
    const sim = await start(options);
    const client = await connect(sim);
    client.request({ op: 'subscribe', instruments: ['*'] });
    return events(await client.waitForTicks(count));
  }

  it('gives the same events (instrument, seq, kind, values) for the same seed and options', async () => {
    const options = { seed: 42, instruments: 6, matches: 2, rate: 20_000, matchDurationMs: 20_000 };
    const [a, b] = await Promise.all([collect(options, 6000), collect(options, 6000)]);
    const common = [...a.keys()].filter((key) => b.has(key));
    expect(common.length).toBeGreaterThan(3000);
    for (const key of common) expect(b.get(key), key).toEqual(a.get(key));
  });

  it('gives different events for a different seed', async () => {
    const options = { instruments: 3, matches: 0, rate: 5000 };
    const [a, b] = await Promise.all([
      collect({ ...options, seed: 1 }, 500),
      collect({ ...options, seed: 2 }, 500),
    ]);
    const common = [...a.keys()].filter((key) => b.has(key));
    const same = common.filter((key) => JSON.stringify(a.get(key)) === JSON.stringify(b.get(key)));
    expect(same.length).toBeLessThan(common.length / 10);
  });
});
