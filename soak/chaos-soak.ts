/**
 * The chaos soak: a feed engine against the simulator's `chaos` scenario (server-side drops,
 * stalls and disconnects) through a proxy that adds its own faults — cuts, stalls, delays and
 * corrupted frames — for a bounded time. It checks, while it runs, that the engine's state stays
 * equal to the truth a fresh subscriber sees, and reports what happened and what held. Used by
 * `chaos-soak.test.ts` (seconds) and `npm run soak` (minutes); see docs/RELIABILITY.md.
 */
import WebSocket from 'ws';
import type { Batch } from '../protocol/batch';
import type { MarketRow } from '../protocol/market-rows';
import { decodeServerMessage } from '../protocol/decode';
import { startSimulator, type SimulatorOptions } from '../feed-simulator/index';
import { createFeedEngine } from '../main/feed/engine';
import type { FeedEngine } from '../main/feed/engine-api';
import { startProxy, type FeedProxy } from '../test-support/fault-proxy';

export interface ChaosSoakOptions {
  readonly durationMs: number;
  /** Seeds the simulator and the proxy's fault schedule. */
  readonly seed?: number;
  /** Mean time between proxy faults, ms. */
  readonly faultEveryMs?: number;
  /** How often a fresh subscriber takes the truth to compare with, ms. */
  readonly probeEveryMs?: number;
  readonly simulator?: SimulatorOptions;
  /** Reconnect schedule of the engine under test. */
  readonly backoff?: { baseMs: number; capMs: number; stableMs: number };
  readonly heapSampleEveryMs?: number;
  readonly onProgress?: (line: string) => void;
}

/** One comparison of the engine's state with a fresh subscriber's snapshot. */
export interface StateCheck {
  readonly instrument: string;
  readonly trades: number;
  readonly outcome: 'equal' | 'mismatch' | 'not-seen';
  readonly detail?: string;
}

export interface ChaosSoakReport {
  readonly durationMs: number;
  readonly faults: { cut: number; stall: number; delay: number; corrupt: number };
  /** Connections the engine lost (server chaos and proxy faults) and came back from. */
  readonly disconnectsSurvived: number;
  readonly reconnectDelaysMs: readonly number[];
  readonly gapsDetected: number;
  readonly resyncs: number;
  /** Gaps still waiting for their snapshot when the run ended (normally 0 or a fresh one). */
  readonly gapsUnhealed: number;
  readonly malformedSkipped: number;
  /** Frames the proxy corrupted (a corrupt fault spoils one to three). */
  readonly framesCorrupted: number;
  /**
   * Of those, the frames the engine received: a frame written just before its connection was
   * cut or replaced is lost on the wire, and the more so on a loaded machine.
   */
  readonly corruptedReceived: number;
  /** Events the feed never delivered (seq jumps seen on the wire), later covered by snapshots. */
  readonly eventsDroppedByFeed: number;
  /** Comparisons with a fresh subscriber: equal, mismatched (data lost), or not comparable. */
  readonly stateChecks: { equal: number; mismatch: number; notSeen: number };
  readonly mismatches: readonly StateCheck[];
  readonly unhandledRejections: number;
  readonly uncaughtExceptions: number;
  readonly heapUsedMb: readonly number[];
  readonly finalConnection: string;
  readonly ticksTotal: number;
}

const STATE_KEYS = ['volume', 'last', 'high', 'low', 'open'] as const;
/** Rows kept per instrument to find the one a snapshot describes. */
const ROW_HISTORY = 400;
/** A check not matched by a row within this long is counted as not seen. */
const CHECK_WAIT_MS = 4_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: the proxy's fault schedule is seeded like the simulator. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ways to corrupt a ticks frame so that it is malformed (TCP never flips bits; bugs truncate). */
function corrupt(text: string, r: () => number): string {
  const pick = r();
  if (pick < 0.4) return text.slice(0, Math.floor(r() * text.length));
  if (pick < 0.7) return text.replace(/"seq":\d+/, '"seq":"x"');
  if (pick < 0.85) return `\u0000${text.slice(1)}`;
  return '{"op":"ticks","ticks":[{"instrument":"?"}]}';
}

/** Snapshots a fresh subscriber receives: the truth at the moment it subscribed. */
async function freshSnapshots(url: string, timeoutMs = 1_500): Promise<Map<string, MarketRow>> {
  const truth = new Map<string, MarketRow>();
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('error', () => {});
  let expected = Infinity;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    ws.on('message', (data) => {
      const decoded = decodeServerMessage(data.toString());
      if (!decoded.ok) return;
      const m = decoded.value;
      if (m.op === 'hello') {
        expected = m.instruments.filter((i) => i.kind === 'market').length;
        ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
      } else if (m.op === 'snapshot' && m.state.kind === 'market') {
        truth.set(m.instrument, { id: m.instrument, ...m.state } as unknown as MarketRow);
        if (truth.size >= expected) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    ws.on('close', () => resolve());
  });
  ws.terminate();
  return truth;
}

/** Runs the soak for `durationMs` and reports. Never throws for faults it injected. */
export async function runChaosSoak(options: ChaosSoakOptions): Promise<ChaosSoakReport> {
  const seed = options.seed ?? 1;
  const r = rng(seed);
  const log = options.onProgress ?? (() => {});
  const faultEveryMs = options.faultEveryMs ?? 800;
  const faults = { cut: 0, stall: 0, delay: 0, corrupt: 0 };
  let framesCorrupted = 0;
  let corruptedReceived = 0;
  // The corrupted texts sent and not yet received, with how many of each (truncations may repeat).
  const corruptedInFlight = new Map<string, number>();
  let unhandledRejections = 0;
  let uncaughtExceptions = 0;
  const onRejection = () => void unhandledRejections++;
  const onException = () => void uncaughtExceptions++;
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  const sim = await startSimulator({
    port: 0,
    seed,
    scenario: 'chaos',
    rate: 400,
    instruments: 12,
    matches: 3,
    heartbeatMs: 100,
    ...options.simulator,
  });
  // Proxy faults: `heldUntil` delays frames (in order); `corruptNext` spoils the next ticks frames.
  let heldUntil = 0;
  let corruptNext = 0;
  const held: [string, (text: string) => void][] = [];
  const release = () => {
    if (Date.now() < heldUntil) return;
    for (const [text, send] of held.splice(0)) send(text);
  };
  let proxy: FeedProxy | null = null;
  let engine: FeedEngine | null = null;
  const timers: NodeJS.Timeout[] = [];
  try {
    proxy = await startProxy(sim.url, {
      relay: (text, send) => {
        if (corruptNext > 0 && text.startsWith('{"op":"ticks"')) {
          corruptNext--;
          framesCorrupted++;
          const spoiled = corrupt(text, r);
          corruptedInFlight.set(spoiled, (corruptedInFlight.get(spoiled) ?? 0) + 1);
          return send(spoiled);
        }
        if (Date.now() < heldUntil || held.length > 0) held.push([text, send]);
        else send(text);
      },
    });
    const backoff = options.backoff ?? { baseMs: 50, capMs: 400, stableMs: 2_000 };
    engine = createFeedEngine({ feed: proxy.url, batchHz: 60, backoff });

    // What the engine shows, and the checks against fresh subscribers.
    const rows = new Map<string, MarketRow[]>();
    const awaitingSnapshot = new Set<string>();
    const lastSeq = new Map<string, number>();
    const pending: { truth: MarketRow; until: number }[] = [];
    const checks: StateCheck[] = [];
    const reconnectDelaysMs: number[] = [];
    let lastDisconnectAt = 0;
    let lastRetryAt = 0;
    let last: Batch | null = null;
    const settle = (row: MarketRow) => {
      for (let i = pending.length - 1; i >= 0; i--) {
        const { truth } = pending[i]!;
        if (truth.id !== row.id || truth.trades !== row.trades) continue;
        const diff = STATE_KEYS.filter((k) => truth[k] !== row[k]);
        checks.push({
          instrument: row.id,
          trades: row.trades,
          outcome: diff.length === 0 ? 'equal' : 'mismatch',
          ...(diff.length
            ? { detail: diff.map((k) => `${k}: ${row[k]} vs ${truth[k]}`).join(', ') }
            : {}),
        });
        pending.splice(i, 1);
      }
    };
    const consumer = engine.attach((batch) => {
      last = batch;
      for (const row of batch.market) {
        // While a gap awaits its snapshot the engine knows the row is behind; it is not compared.
        // Before its first snapshot an instrument shows an empty row: nothing to compare yet.
        if (awaitingSnapshot.has(row.id) || !lastSeq.has(row.id)) continue;
        let list = rows.get(row.id);
        if (!list) rows.set(row.id, (list = []));
        list.push(row);
        if (list.length > ROW_HISTORY) list.shift();
        settle(row);
      }
      const c = batch.health.connection;
      // Attempt 1 follows a lost live connection, whose `disconnected` event timed the drop.
      if (c.state === 'reconnecting' && c.attempt === 1 && c.nextRetryAt !== lastRetryAt) {
        lastRetryAt = c.nextRetryAt;
        reconnectDelaysMs.push(c.nextRetryAt - lastDisconnectAt);
      }
      consumer.ack(batch.seq);
    });
    engine.onConnectionEvent((e) => {
      if (e.type === 'disconnected') lastDisconnectAt = e.at;
    });
    // Events the feed never delivered, from the frames as received.
    let eventsDroppedByFeed = 0;
    engine.onRawFrame((text) => {
      const inFlight = corruptedInFlight.get(text);
      if (inFlight !== undefined) {
        corruptedReceived++;
        if (inFlight > 1) corruptedInFlight.set(text, inFlight - 1);
        else corruptedInFlight.delete(text);
      }
      const decoded = decodeServerMessage(text);
      if (!decoded.ok) return;
      const m = decoded.value;
      if (m.op === 'snapshot') {
        lastSeq.set(m.instrument, m.seq);
        awaitingSnapshot.delete(m.instrument);
      }
      if (m.op !== 'ticks') return;
      for (const t of m.ticks) {
        const prev = lastSeq.get(t.instrument);
        const step = t.conflated ?? 1;
        if (prev !== undefined && t.seq > prev + step) {
          eventsDroppedByFeed += t.seq - prev - step;
          awaitingSnapshot.add(t.instrument);
        }
        if (prev === undefined || t.seq > prev) lastSeq.set(t.instrument, t.seq);
      }
    });
    await engine.start();

    const started = Date.now();
    const heapUsedMb: number[] = [];
    const sampleHeap = () =>
      heapUsedMb.push(+(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1));
    sampleHeap();
    timers.push(setInterval(sampleHeap, options.heapSampleEveryMs ?? 500));

    const p = proxy;
    const fault = () => {
      const pick = r();
      if (pick < 0.3) {
        faults.cut++;
        p.cut();
      } else if (pick < 0.45) {
        faults.stall++;
        p.silence(); // open sockets, no data: the engine must notice and replace the connection
      } else if (pick < 0.75) {
        faults.delay++;
        heldUntil = Date.now() + 50 + Math.floor(r() * 250);
        setTimeout(release, heldUntil - Date.now() + 1);
      } else {
        faults.corrupt++;
        corruptNext += 1 + Math.floor(r() * 3);
      }
    };
    const scheduleFault = () => {
      const wait = -Math.log(1 - r()) * faultEveryMs;
      timers.push(
        setTimeout(() => {
          if (Date.now() - started < options.durationMs) {
            fault();
            scheduleFault();
          }
        }, wait),
      );
    };
    scheduleFault();

    // Probe with fresh subscribers until the end; each snapshot waits for the engine's matching row.
    const probeEveryMs = options.probeEveryMs ?? 1_000;
    let nextReport = started + 10_000;
    while (Date.now() - started < options.durationMs) {
      const truth = await freshSnapshots(sim.url);
      const now = Date.now();
      for (const row of truth.values()) {
        // The engine may already be past it: look back in what it showed first.
        const seen = rows.get(row.id)?.findLast((x) => x.trades === row.trades);
        pending.push({ truth: row, until: now + CHECK_WAIT_MS });
        if (seen) settle(seen);
      }
      for (let i = pending.length - 1; i >= 0; i--) {
        if (pending[i]!.until >= now) continue;
        checks.push({ instrument: pending[i]!.truth.id, trades: -1, outcome: 'not-seen' });
        pending.splice(i, 1);
      }
      if (now >= nextReport) {
        nextReport += 10_000;
        const h = (last as Batch | null)?.health;
        log(
          `${Math.round((now - started) / 1000)} s: reconnects ${h?.reconnects ?? 0}, gaps ${h?.gaps ?? 0}, ` +
            `resyncs ${h?.resyncs ?? 0}, malformed ${h?.malformed ?? 0}, checks ${checks.length}, ` +
            `heap ${heapUsedMb.at(-1)} MB`,
        );
      }
      await sleep(Math.max(0, probeEveryMs - (Date.now() - now)));
    }

    // Settle: no more proxy faults; give pending gaps and checks a moment to resolve.
    heldUntil = 0;
    corruptNext = 0;
    release();
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      const h = (last as Batch | null)?.health;
      if (h && h.connection.state === 'live' && h.gaps === h.resyncs && pending.length === 0) break;
      await sleep(20);
    }
    for (const p of pending.splice(0))
      checks.push({ instrument: p.truth.id, trades: -1, outcome: 'not-seen' });
    sampleHeap();
    const health = engine.health();
    const count = (o: StateCheck['outcome']) => checks.filter((c) => c.outcome === o).length;
    return {
      durationMs: Date.now() - started,
      faults,
      disconnectsSurvived: health.reconnects,
      reconnectDelaysMs,
      gapsDetected: health.gaps,
      resyncs: health.resyncs,
      gapsUnhealed: Math.max(0, health.gaps - health.resyncs),
      malformedSkipped: health.malformed,
      framesCorrupted,
      corruptedReceived,
      eventsDroppedByFeed,
      stateChecks: {
        equal: count('equal'),
        mismatch: count('mismatch'),
        notSeen: count('not-seen'),
      },
      mismatches: checks.filter((c) => c.outcome === 'mismatch').slice(0, 20),
      unhandledRejections,
      uncaughtExceptions,
      heapUsedMb,
      finalConnection: health.connection.state,
      ticksTotal: health.ticksTotal,
    };
  } finally {
    for (const t of timers) clearTimeout(t);
    await engine?.close();
    await proxy?.close();
    await sim.close();
    // Late rejections from closing sockets still count: give them a turn to surface.
    await sleep(50);
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}

/** Summary statistics of reconnect delays, to show the jitter. */
export function delayStats(delays: readonly number[]): {
  count: number;
  min: number;
  max: number;
  mean: number;
  stdev: number;
  distinct: number;
} {
  const count = delays.length;
  if (count === 0) return { count, min: 0, max: 0, mean: 0, stdev: 0, distinct: 0 };
  const mean = delays.reduce((a, b) => a + b, 0) / count;
  const stdev = Math.sqrt(delays.reduce((a, b) => a + (b - mean) ** 2, 0) / count);
  return {
    count,
    min: Math.min(...delays),
    max: Math.max(...delays),
    mean: Math.round(mean),
    stdev: Math.round(stdev),
    distinct: new Set(delays).size,
  };
}
