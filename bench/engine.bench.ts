/**
 * Feed engine benchmarks.
 * - Ingest (bench/engine-ingest.ts): frames captured from the simulator, decoded and folded
 *   into state on one core, against the floor of `JSON.parse` alone on the same frames.
 * - Live: the engine connected to a simulator in a child process (so the simulator's CPU is
 *   not counted) at 50k and 200k ticks/s: event-loop lag p99, CPU, and batch bytes.
 * Run standalone: `npx tsx bench/engine.bench.ts`.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Batch } from '../protocol/batch';
import { DEFAULT_SETTINGS } from '../protocol/ipc';
import { createFeedEngine } from '../main/feed/engine';
import { LOOP_RESOLUTION_MS, loopLagMs } from '../main/feed/metrics';
import { sleep } from './children';
import { ingest } from './engine-ingest';
import { startSimulatorProcess } from './product-processes';
import { printResults, type BenchResult } from './report';

const LIVE_RATES = [50_000, 200_000] as const;
const WARMUP_MS = 1_500;
const MEASURE_MS = 3_000;

/** Event-loop lag of this process doing nothing: what the machine itself costs. */
async function idleLagP99(): Promise<number> {
  const lag = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  lag.enable();
  await sleep(MEASURE_MS);
  lag.disable();
  return loopLagMs(lag.percentile(99));
}

async function live(rate: number, idleLagMs: number): Promise<BenchResult[]> {
  const sim = await startSimulatorProcess({ rate });
  const engine = createFeedEngine({ feed: sim.url, batchHz: DEFAULT_SETTINGS.batchHz });
  let bytes = 0;
  let batches = 0;
  let maxBytes = 0;
  let frames = 0;
  let maxFrameBytes = 0;
  engine.onRawFrame((text) => {
    frames++;
    maxFrameBytes = Math.max(maxFrameBytes, text.length);
  });
  const consumer = engine.attach((batch: Batch) => {
    // JSON is what crosses the browser-mode socket; Electron's structured clone is similar.
    const size = JSON.stringify(batch).length;
    bytes += size;
    batches++;
    maxBytes = Math.max(maxBytes, size);
    setImmediate(() => consumer.ack(batch.seq)); // a renderer acks after drawing
  });
  await engine.start();
  await sleep(WARMUP_MS);
  bytes = batches = maxBytes = frames = maxFrameBytes = 0;
  const lag = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  lag.enable();
  const ticksBefore = engine.health().ticksTotal;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await sleep(MEASURE_MS);
  const seconds = (performance.now() - start) / 1_000;
  const cpu = process.cpuUsage(cpuBefore);
  lag.disable();
  const health = engine.health();
  const ticksPerSec = (health.ticksTotal - ticksBefore) / seconds;
  await engine.close();
  await sim.stop();
  const label = `${rate / 1_000}k ticks/s asked`;
  return [
    {
      name: `live ${label}: ticks in`,
      value: ticksPerSec,
      unit: 'ticks/s',
      note: `received; ${Math.round(frames / seconds)} frames/s, largest ${Math.round(maxFrameBytes / 1_024)} KiB`,
    },
    {
      name: `live ${label}: event-loop lag p99`,
      value: loopLagMs(lag.percentile(99)),
      unit: 'ms',
      baseline: idleLagMs,
      note: 'aim < 10 ms; baseline = this process idle, same run',
    },
    {
      name: `live ${label}: engine CPU`,
      value: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
      unit: '% of a core',
      note: 'includes JSON.stringify of each batch to count its bytes',
    },
    {
      name: `live ${label}: batch bytes`,
      value: batches ? bytes / batches : 0,
      unit: 'B/batch',
      note: `max ${maxBytes} B; ${Math.round(bytes / seconds)} B/s at ${(batches / seconds).toFixed(0)} batches/s`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const results = await ingest();
  const idleLagMs = await idleLagP99();
  for (const rate of LIVE_RATES) results.push(...(await live(rate, idleLagMs)));
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('Feed engine', await run());
}
