/**
 * A hostile client against the simulator: random text and JSON, mutated requests, binary
 * frames, oversized frames, request floods, history floods and connection floods. The server
 * answers what deserves an answer with a well-formed status, closes what breaks the rules with
 * the documented code, and a bystander subscribed throughout keeps receiving with continuous seq.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeServerMessage } from '../protocol/decode';
import { CLOSE_CODES, MAX_CLIENT_FRAME_BYTES, type ServerMessage } from '../protocol/feed';
import { startSimulator, type RunningSimulator } from './index';

/** Random text, random JSON and mutated requests; generated before the server starts, so
 * sampling never blocks the loop the server and the bystander share. */
const request = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc
    .record(
      {
        op: fc.constantFrom('subscribe', 'unsubscribe', 'replay', 'hello', '__proto__'),
        id: fc.oneof(fc.nat(), fc.constant(-1), fc.string({ maxLength: 3 })),
        instruments: fc.oneof(
          fc.array(fc.constantFrom('*', 'ACME', 'NOPE', '', '__proto__'), { maxLength: 4 }),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        conflateMs: fc.oneof(fc.integer({ min: -5, max: 120_000 }), fc.string({ maxLength: 3 })),
        resume: fc.dictionary(fc.constantFrom('ACME', 'NOPE', '__proto__'), fc.integer()),
        action: fc.constantFrom('pause', 'seek', 'speed', 'explode'),
      },
      { requiredKeys: ['op'] },
    )
    .map((o) => JSON.stringify(o)),
);
const FRAMES = fc.sample(request, { numRuns: 200, seed: 42 });

let sim: RunningSimulator;
let ids: string[];

/** Subscribed to everything for the whole file; checks continuity as frames arrive. */
const bystander = {
  ws: null as WebSocket | null,
  ticks: 0,
  violations: [] as string[],
  invalid: 0,
  lastFrameAt: 0,
  longestSilenceMs: 0,
  closed: null as number | null,
};

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 9,
    rate: 2_000,
    instruments: 6,
    matches: 2,
    maxClients: 40,
  });
  const ws = new WebSocket(sim.url);
  bystander.ws = ws;
  const last = new Map<string, number>();
  ws.on('message', (data) => {
    const now = Date.now();
    if (bystander.lastFrameAt)
      bystander.longestSilenceMs = Math.max(
        bystander.longestSilenceMs,
        now - bystander.lastFrameAt,
      );
    bystander.lastFrameAt = now;
    const d = decodeServerMessage(data.toString());
    if (!d.ok) return void bystander.invalid++;
    const m = d.value;
    if (m.op === 'hello') {
      ids = m.instruments.map((i) => i.id);
      ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
    }
    if (m.op === 'snapshot') last.set(m.instrument, m.seq);
    if (m.op !== 'ticks') return;
    for (const t of m.ticks) {
      const prev = last.get(t.instrument);
      if (prev !== undefined && t.seq !== prev + (t.conflated ?? 1))
        bystander.violations.push(`${t.instrument} ${prev} -> ${t.seq}`);
      last.set(t.instrument, t.seq);
      bystander.ticks++;
    }
  });
  ws.on('close', (code) => (bystander.closed = code));
  while (bystander.ticks < 200) await new Promise((r) => setTimeout(r, 20));
});

afterAll(async () => {
  bystander.ws?.terminate();
  await sim.close();
});

/** A hostile connection: everything it receives, decoded, and how it ended. */
async function attacker(): Promise<{
  ws: WebSocket;
  received: ServerMessage[];
  invalid: string[];
  closed: Promise<{ code: number; reason: string }>;
}> {
  const ws = new WebSocket(sim.url, { maxPayload: 256 * 1024 * 1024 });
  ws.on('error', () => {});
  const received: ServerMessage[] = [];
  const invalid: string[] = [];
  ws.on('message', (data) => {
    const d = decodeServerMessage(data.toString());
    if (d.ok) received.push(d.value);
    else invalid.push(data.toString().slice(0, 100));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve) => ws.once('open', resolve));
  return { ws, received, invalid, closed };
}

const statuses = (ms: readonly ServerMessage[]) =>
  ms.filter((m): m is Extract<ServerMessage, { op: 'status' }> => m.op === 'status');

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

describe('simulator under a fuzzing client', () => {
  it('answers random and mutated frames with well-formed statuses and stays open', async () => {
    const a = await attacker();
    // Paced under the request limit (50/s, burst 100): the point here is content, not rate.
    for (let i = 0; i < FRAMES.length; i += 45) {
      for (const f of FRAMES.slice(i, i + 45)) a.ws.send(f);
      await new Promise((r) => setTimeout(r, 950));
    }
    await until(() => statuses(a.received).length >= FRAMES.length);
    expect(a.invalid).toEqual([]);
    expect(statuses(a.received)).toHaveLength(FRAMES.length);
    for (const s of statuses(a.received))
      if (!s.ok) expect(s.error.message.length).toBeGreaterThan(0);
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
    a.ws.terminate();
  }, 20_000);

  it('closes oversized frames with 1009, binary garbage gets an error status', async () => {
    const big = await attacker();
    big.ws.send('x'.repeat(MAX_CLIENT_FRAME_BYTES + 1));
    expect((await big.closed).code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG);
    const huge = await attacker();
    huge.ws.send(`{"op":"subscribe","id":1,"instruments":["${'A'.repeat(4 * 1024 * 1024)}"]}`);
    expect((await huge.closed).code).toBe(CLOSE_CODES.MESSAGE_TOO_BIG);
    const bin = await attacker();
    bin.ws.send(Buffer.from([0xff, 0x00, 0x8b, 0x1f]));
    await until(() => statuses(bin.received).length > 0);
    expect(statuses(bin.received)[0]).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    bin.ws.terminate();
  });

  it('answers a request flood with RATE_LIMITED and closes it with 1008', async () => {
    const flood = await attacker();
    for (let i = 0; i < 1_000; i++)
      flood.ws.send(`{"op":"unsubscribe","id":${i},"instruments":["ACME"]}`);
    const closed = await flood.closed;
    expect(closed.code).toBe(CLOSE_CODES.POLICY_VIOLATION);
    expect(statuses(flood.received).some((s) => !s.ok && s.error.code === 'RATE_LIMITED')).toBe(
      true,
    );
  });

  it('survives deep nesting, huge id lists and a flood of history requests within the limits', async () => {
    const a = await attacker();
    a.ws.send(`${'['.repeat(30_000)}${']'.repeat(30_000)}`);
    a.ws.send(
      JSON.stringify({
        op: 'subscribe',
        id: 2,
        instruments: Array.from({ length: 5_000 }, (_, i) => `X${i}`),
      }),
    );
    const resume = Object.fromEntries(ids.map((id) => [id, 0]));
    for (let i = 0; i < 60; i++)
      a.ws.send(JSON.stringify({ op: 'subscribe', id: 10 + i, instruments: ['*'], resume }));
    await until(() => statuses(a.received).length >= 62, 10_000);
    expect(
      statuses(a.received)
        .slice(0, 2)
        .map((s) => s.ok),
    ).toEqual([false, false]);
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
    a.ws.terminate();
  }, 20_000);

  it('refuses connections past the client limit with 1013 and keeps serving', async () => {
    // Every extra connection stays open until all 45 have been answered, so the limit is
    // passed however slowly a loaded machine accepts them.
    const sockets = Array.from({ length: 45 }, () => {
      const ws = new WebSocket(sim.url);
      ws.on('error', () => {});
      return ws;
    });
    const codes = sockets.map(
      (ws) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code))),
    );
    const answered = sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          ws.once('open', () => resolve());
          ws.once('close', () => resolve());
        }),
    );
    await Promise.all(answered);
    await new Promise((r) => setTimeout(r, 300));
    for (const ws of sockets) ws.terminate();
    const extra = await Promise.all(codes);
    expect(extra.filter((code) => code === CLOSE_CODES.TRY_AGAIN_LATER).length).toBeGreaterThan(0);
  });

  it('the bystander was unaffected: open, continuous, never silent for long', async () => {
    const before = bystander.ticks;
    await until(() => bystander.ticks > before + 200);
    expect(bystander.closed).toBeNull();
    expect(bystander.invalid).toBe(0);
    expect(bystander.violations).toEqual([]);
    expect(bystander.ticks).toBeGreaterThan(before + 200);
    // Frames every 10 ms at 2000 ticks/s; a blocked server would show as a long silence.
    expect(bystander.longestSilenceMs).toBeLessThan(1_000);
    // And a newcomer is served normally.
    const fresh = await attacker();
    fresh.ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
    await until(() => fresh.received.some((m) => m.op === 'ticks'));
    expect(fresh.received.some((m) => m.op === 'ticks')).toBe(true);
    fresh.ws.terminate();
  });
});
