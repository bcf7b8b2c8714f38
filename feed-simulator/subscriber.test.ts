import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { QuoteTick, Tick } from '../protocol/feed';
import { CLOSE_CODES } from '../protocol/feed';
import { continuityViolation, type TestClient } from '../test-support/protocol-client';
import { useSimulators } from '../test-support/simulators';

const { start, connect } = useSimulators({ matches: 0 });

function of(ticks: readonly Tick[], instrument: string): Tick[] {
  return ticks.filter((t) => t.instrument === instrument);
}

describe('conflation', () => {
  it('sends at most one quote and one trade per instrument per window, keeping seq continuity', async () => {
    const sim = await start({ instruments: 4, rate: 20_000 });
    const client = await connect(sim);
    const started = Date.now();
    client.request({ op: 'subscribe', instruments: ['*'], conflateMs: 200 });
    await client.waitForTicks(16, 3000);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const frames = client.messages.filter((m) => m.op === 'ticks');
    // ~5 windows a second, not ~100 frames a second.
    expect(frames.length).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 200) + 1);
    for (const frame of frames) {
      for (const id of ['ACME', 'BOLT', 'CRUX', 'DYNO']) {
        const ticks = of(frame.ticks, id);
        expect(ticks.filter((t) => t.kind === 'quote').length).toBeLessThanOrEqual(1);
        expect(ticks.filter((t) => t.kind === 'trade').length).toBeLessThanOrEqual(1);
      }
    }
    expect(client.ticks().some((t) => (t.conflated ?? 1) > 1)).toBe(true);
    expect(continuityViolation(client.messages)).toBeNull();
  });

  it('loses nothing from the state: volume, trade count and quote match the full stream at the same seq', async () => {
    const sim = await start({ instruments: 2, rate: 10_000 });
    const full = await connect(sim);
    const conflated = await connect(sim);
    await full.status(full.request({ op: 'subscribe', instruments: ['ACME'] }));
    await conflated.status(
      conflated.request({ op: 'subscribe', instruments: ['ACME'], conflateMs: 100 }),
    );
    await conflated.waitForTicks(12, 3000);
    const cTicks = of(conflated.ticks(), 'ACME');
    const lastSeq = cTicks[cTicks.length - 1]!.seq;
    await full.waitFor(
      () => (of(full.ticks(), 'ACME').some((t) => t.seq >= lastSeq) ? true : undefined),
      `full stream to reach seq ${lastSeq}`,
    );
    const state = (client: TestClient, ticks: readonly Tick[]) => {
      const snap = client.messages.find((m) => m.op === 'snapshot')!;
      if (snap.state.kind !== 'market') throw new Error('expected a market snapshot');
      let { volume, trades } = snap.state;
      let quote: QuoteTick | undefined;
      for (const t of ticks) {
        if (t.seq > lastSeq) break;
        if (t.kind === 'trade') {
          volume += t.size;
          trades += t.count ?? 1;
        } else if (t.kind === 'quote') quote = t;
      }
      return { volume, trades, bid: quote?.bid, ask: quote?.ask };
    };
    expect(cTicks.some((t) => t.kind === 'trade' && (t.count ?? 1) > 1)).toBe(true);
    expect(state(conflated, cTicks)).toEqual(state(full, of(full.ticks(), 'ACME')));
  });
});

describe('resume', () => {
  it('replays the ticks after the last seq seen, without a snapshot, while the history holds them', async () => {
    const sim = await start({ instruments: 2, rate: 2000 });
    const first = await connect(sim);
    first.request({ op: 'subscribe', instruments: ['ACME'] });
    const seen = of(await first.waitForTicks(50), 'ACME');
    const lastSeq = seen[seen.length - 1]!.seq;
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 300)); // ticks the client missed
    const second = await connect(sim);
    second.request({ op: 'subscribe', instruments: ['ACME'], resume: { ACME: lastSeq } });
    const resumed = await second.waitForTicks(100);
    expect(second.messages.some((m) => m.op === 'snapshot')).toBe(false);
    expect(resumed[0]!.seq).toBe(lastSeq + 1);
    expect(resumed.every((t, i) => i === 0 || t.seq === resumed[i - 1]!.seq + 1)).toBe(true);
  });

  it('sends a snapshot instead when the history no longer reaches back, or the seq is unknown', async () => {
    const sim = await start({ instruments: 1, rate: 60_000 });
    const client = await connect(sim);
    await new Promise((resolve) => setTimeout(resolve, 500)); // > 10,000 events: history rolled over
    client.request({ op: 'subscribe', instruments: ['ACME'], resume: { ACME: 1 } });
    const snapshot = await client.waitFor((ms) => ms.find((m) => m.op === 'snapshot'), 'snapshot');
    expect(snapshot.seq).toBeGreaterThan(10_000);
    const other = await connect(sim);
    other.request({ op: 'subscribe', instruments: ['ACME'], resume: { ACME: 1e12 } });
    await other.waitFor((ms) => ms.find((m) => m.op === 'snapshot'), 'snapshot');
    await other.waitForTicks(10);
    expect(continuityViolation(other.messages)).toBeNull();
  });
});

describe('slow consumer', () => {
  it('conflates a client that stops reading, then closes it with 4000 and a reason', async () => {
    const sim = await start({ instruments: 4, rate: 200_000 });
    const slow = await connect(sim);
    const fast = await connect(sim);
    slow.request({ op: 'subscribe', instruments: ['*'] });
    fast.request({ op: 'subscribe', instruments: ['*'], conflateMs: 50 });
    await slow.waitForTicks(1000);
    const socket = (slow.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    const deadline = Date.now() + 8000;
    while (sim.stats().clients > 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sim.stats().clients).toBe(1);
    socket.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(CLOSE_CODES.SLOW_CONSUMER);
    expect(closed.reason).toMatch(/slow consumer: [\d.]+ MiB unsent/);
    expect(slow.ticks().some((t) => (t.conflated ?? 1) > 1)).toBe(true);
    expect(continuityViolation(slow.messages)).toBeNull();
    // The client that kept reading was not affected.
    const before = fast.ticks().length;
    await fast.waitForTicks(before + 10);
    expect(fast.ws.readyState).toBe(fast.ws.OPEN);
  });
});

describe('snapshot flood', () => {
  /** A raw client that keeps counts and arrival gaps, not messages (they would be the memory). */
  async function counter(url: string) {
    const ws = new WebSocket(url);
    const seen = { frames: 0, snapshots: 0, statuses: 0, maxGapMs: 0, last: 0 };
    ws.on('message', (data) => {
      const now = performance.now();
      if (seen.last > 0) seen.maxGapMs = Math.max(seen.maxGapMs, now - seen.last);
      seen.last = now;
      seen.frames++;
      const text = data.toString();
      if (text.startsWith('{"op":"snapshot"')) seen.snapshots++;
      if (text.startsWith('{"op":"status"')) seen.statuses++;
    });
    await new Promise((resolve) => ws.once('open', resolve));
    return { ws, seen };
  }

  it('100 snapshot requests for 5,000 instruments leave a bystander streaming and cost bounded snapshots', async () => {
    const sim = await start({ instruments: 5_000, rate: 5_000 });
    const bystander = await counter(sim.url);
    const attacker = await counter(sim.url);
    try {
      bystander.ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
      attacker.ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
      const deadline = Date.now() + 60_000;
      while (bystander.seen.snapshots < 5_000 || attacker.seen.snapshots < 5_000) {
        if (Date.now() > deadline) throw new Error('timed out waiting for the first snapshots');
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 500));
      bystander.seen.maxGapMs = 0;
      const before = attacker.seen.snapshots;
      const flood = JSON.stringify({ op: 'subscribe', id: 2, instruments: ['*'], snapshot: true });
      for (let i = 0; i < 100; i++) attacker.ws.send(flood);
      while (attacker.seen.statuses < 101) {
        if (Date.now() > deadline)
          throw new Error('timed out waiting for the flood to be answered');
        await new Promise((r) => setTimeout(r, 20));
      }
      // Snapshots carry each instrument's book (10 levels a side by default), so the bounded
      // drain takes longer than 2 s over 5,000 of them on a loaded machine: wait for them.
      while (attacker.seen.snapshots - before < 5_000) {
        if (Date.now() > deadline) throw new Error('timed out waiting for the flood snapshots');
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 500));
      // Each instrument is owed at most one snapshot at a time, sent at a bounded rate: not
      // 500,000 snapshots (350 MB) in one synchronous burst that froze everyone for 1.7 s.
      const flooded = attacker.seen.snapshots - before;
      expect(flooded).toBeGreaterThanOrEqual(5_000);
      expect(flooded).toBeLessThan(20_000);
      // The count above is what pins the old burst; the gap bound only says the bystander
      // kept streaming. Generous for a shared machine (0.4-0.7 s at load 15 on 2 cores, 1.6 s
      // once at load 12 beside the e2e suite; frames come every 10 ms when nothing is in the
      // way). Before, the flood was not answered in 60 s.
      expect(bystander.seen.maxGapMs).toBeLessThan(3_000);
      expect(sim.stats().clients).toBe(2);
    } finally {
      bystander.ws.terminate();
      attacker.ws.terminate();
    }
  }, 120_000);
});

describe('fan-out', () => {
  it('clients taking the same instruments get the same ticks, only theirs, each stream continuous', async () => {
    const sim = await start({ instruments: 4, rate: 20_000, bookLevels: 5 });
    const a = await connect(sim);
    const b = await connect(sim);
    const other = await connect(sim);
    const all = await connect(sim);
    await a.status(a.request({ op: 'subscribe', instruments: ['ACME', 'CRUX'] }));
    await b.status(b.request({ op: 'subscribe', instruments: ['CRUX', 'ACME'] }));
    // As many instruments as a and b, other ones: must not get their frames.
    await other.status(other.request({ op: 'subscribe', instruments: ['BOLT', 'DYNO'] }));
    await all.status(all.request({ op: 'subscribe', instruments: ['*'] }));
    for (const client of [a, b, other, all]) await client.waitForTicks(300, 5_000);
    const byKey = (ticks: readonly Tick[]) =>
      new Map(ticks.map((t) => [`${t.instrument}:${t.seq}`, JSON.stringify(t)]));
    const [fromA, fromB, fromAll] = [byKey(a.ticks()), byKey(b.ticks()), byKey(all.ticks())];
    let common = 0;
    for (const [key, json] of fromA) {
      if (fromB.has(key)) {
        common++;
        expect(fromB.get(key), key).toBe(json);
      }
      if (fromAll.has(key)) expect(fromAll.get(key), key).toBe(json);
    }
    expect(common).toBeGreaterThan(100);
    expect(new Set(a.ticks().map((t) => t.instrument))).toEqual(new Set(['ACME', 'CRUX']));
    expect(new Set(other.ticks().map((t) => t.instrument))).toEqual(new Set(['BOLT', 'DYNO']));
    expect(a.ticks().some((t) => t.kind === 'book')).toBe(true);
    for (const client of [a, b, other, all])
      expect(continuityViolation(client.messages)).toBeNull();
  });
});
