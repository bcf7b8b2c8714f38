/**
 * The chaos soak: a feed engine against the simulator's `chaos` scenario (server-side drops,
 * stalls and disconnects) through a proxy that adds its own faults — cuts, stalls, delays and
 * corrupted frames — for a bounded time. It checks, while it runs, that the engine's state stays
 * equal to the truth a fresh subscriber sees, and reports what happened and what held. Used by
 * `chaos-soak.test.ts` (seconds) and `npm run soak` (minutes); see docs/RELIABILITY.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Batch } from '../protocol/batch';
import { decodeServerMessage } from '../protocol/decode';
import { startSimulator, type SimulatorOptions } from '../feed-simulator/index';
import { createFeedEngine } from '../main/feed/engine';
import type { FeedEngine } from '../main/feed/engine-api';
import { startProxy, type FeedProxy } from '../test-support/fault-proxy';
import { mulberry32 } from '../test-support/mulberry32';
import { ProxyFaults } from './proxy-faults';
import type { ChaosSoakReport } from './chaos-soak-report';
import { StateChecks } from './state-checks';

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

/** Runs the soak for `durationMs` and reports. Never throws for faults it injected. */
export async function runChaosSoak(options: ChaosSoakOptions): Promise<ChaosSoakReport> {
  const seed = options.seed ?? 1;
  const log = options.onProgress ?? (() => {});
  // The proxy's fault schedule is seeded like the simulator.
  const faults = new ProxyFaults(mulberry32(seed), options.faultEveryMs ?? 800);
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
  let proxy: FeedProxy | null = null;
  let engine: FeedEngine | null = null;
  let heapSampler: NodeJS.Timeout | undefined;
  try {
    proxy = await startProxy(sim.url, { relay: faults.relay });
    const backoff = options.backoff ?? { baseMs: 50, capMs: 400, stableMs: 2_000 };
    engine = createFeedEngine({ feed: proxy.url, batchHz: 60, backoff });

    // What the engine shows, and the checks against fresh subscribers.
    const checks = new StateChecks();
    const reconnectDelaysMs: number[] = [];
    let lastDisconnectAt = 0;
    let lastRetryAt = 0;
    let last: Batch | null = null;
    const consumer = engine.attach((batch) => {
      last = batch;
      for (const row of batch.market) checks.shown(row);
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
    engine.onRawFrame((text) => {
      faults.received(text);
      const decoded = decodeServerMessage(text);
      if (decoded.ok) checks.received(decoded.value);
    });
    await engine.start();

    const started = Date.now();
    const heapUsedMb: number[] = [];
    const sampleHeap = () =>
      heapUsedMb.push(+(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1));
    sampleHeap();
    heapSampler = setInterval(sampleHeap, options.heapSampleEveryMs ?? 500);
    faults.start(proxy, () => Date.now() - started < options.durationMs);

    // Probe with fresh subscribers until the end; each snapshot waits for the engine's matching row.
    const probeEveryMs = options.probeEveryMs ?? 1_000;
    let nextReport = started + 10_000;
    while (Date.now() - started < options.durationMs) {
      await checks.probe(sim.url);
      const now = Date.now();
      if (now >= nextReport) {
        nextReport += 10_000;
        const h = (last as Batch | null)?.health;
        log(
          `${Math.round((now - started) / 1000)} s: reconnects ${h?.reconnects ?? 0}, gaps ${h?.gaps ?? 0}, ` +
            `resyncs ${h?.resyncs ?? 0}, malformed ${h?.malformed ?? 0}, checks ${checks.checks.length}, ` +
            `heap ${heapUsedMb.at(-1)} MB`,
        );
      }
      await sleep(Math.max(0, probeEveryMs - (Date.now() - now)));
    }

    // Settle: no more proxy faults; give pending gaps and checks a moment to resolve.
    faults.stop();
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      const h = (last as Batch | null)?.health;
      if (h && h.connection.state === 'live' && h.gaps === h.resyncs && checks.waiting === 0) break;
      await sleep(20);
    }
    checks.finish();
    sampleHeap();
    const health = engine.health();
    return {
      durationMs: Date.now() - started,
      faults: faults.counts,
      disconnectsSurvived: health.reconnects,
      reconnectDelaysMs,
      gapsDetected: health.gaps,
      resyncs: health.resyncs,
      gapsUnhealed: Math.max(0, health.gaps - health.resyncs),
      malformedSkipped: health.malformed,
      framesCorrupted: faults.framesCorrupted,
      corruptedReceived: faults.corruptedReceived,
      eventsDroppedByFeed: checks.eventsDroppedByFeed,
      stateChecks: {
        equal: checks.count('equal'),
        mismatch: checks.count('mismatch'),
        notSeen: checks.count('not-seen'),
      },
      mismatches: checks.checks.filter((c) => c.outcome === 'mismatch').slice(0, 20),
      unhandledRejections,
      uncaughtExceptions,
      heapUsedMb,
      finalConnection: health.connection.state,
      ticksTotal: health.ticksTotal,
    };
  } finally {
    clearInterval(heapSampler);
    faults.stop();
    await engine?.close();
    await proxy?.close();
    await sim.close();
    // Late rejections from closing sockets still count: give them a turn to surface.
    await sleep(50);
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}
