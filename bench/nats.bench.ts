/**
 * NATS late joiner: a desktop engine that connects mid-stream through relay + NATS, timed from
 * `start()` until it holds every instrument's state, at 1,000 instruments; the baseline is an
 * engine joining the simulator directly, measured in the same run. Five rounds each. The
 * simulator and the relay run in their own processes, as on a desk: sharing the bench's event
 * loop with them measured that loop (rounds of 44–56 s), not the join.
 *
 *   node --import tsx bench/run.ts nats
 */
import { pathToFileURL } from 'node:url';
import { createFeedEngine } from '../main/feed/engine';
import { startChildSimulator } from '../test-support/child-simulator';
import { startNatsServer } from '../test-support/nats-server';
import { median } from './numbers';
import { startChildRelay } from './relay-process';
import { printResults, type BenchResult } from './report';

const INSTRUMENTS = 1_000;
const MATCHES = 0;
const RATE = 20_000;
const ROUNDS = 5;
const TIMEOUT_MS = 60_000;

/** Ms from start() until the engine holds a snapshot of every instrument. */
async function joinMs(feed: string): Promise<number> {
  const engine = createFeedEngine({ feed, batchHz: 30 });
  const began = performance.now();
  try {
    await engine.start();
    while (engine.streamState().snapshots.length < INSTRUMENTS + MATCHES) {
      if (performance.now() - began > TIMEOUT_MS)
        throw new Error(`no full state in ${TIMEOUT_MS} ms`);
      // Coarse polling: building every snapshot to count them costs the engine CPU.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return performance.now() - began;
  } finally {
    await engine.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const server = await startNatsServer();
  const sim = await startChildSimulator([
    '--seed',
    '9',
    '--rate',
    String(RATE),
    '--instruments',
    String(INSTRUMENTS),
    '--matches',
    String(MATCHES),
  ]);
  const relay = await startChildRelay(sim.url, server.url, 'bench');
  try {
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // mid-stream, states stored
    const direct: number[] = [];
    const viaNats: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      direct.push(await joinMs(sim.url));
      viaNats.push(await joinMs(`${server.url}/bench`));
    }
    const range = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');
    return [
      {
        name: `late joiner through NATS, ${INSTRUMENTS} instruments at ${RATE} ticks/s: every state held`,
        value: Math.round(median(viaNats)),
        unit: 'ms',
        baseline: Math.round(median(direct)),
        ratio: +(median(viaNats) / median(direct)).toFixed(2),
        note: `median of ${ROUNDS}; NATS rounds ${range(viaNats)} ms; direct rounds ${range(direct)} ms`,
      },
    ];
  } finally {
    await relay.close();
    await sim.close();
    await server.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('NATS', await run());
}
