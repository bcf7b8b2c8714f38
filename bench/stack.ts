/**
 * The whole product path for end-to-end benchmarks: the seeded simulator (a child process) →
 * the engine and browser-mode web host (bench/engine-process.ts, a child process) → the built
 * dashboard in headless Chromium. Each part runs in its own process, so CPU and heap are
 * measured per part, as a user's machine would run them (Electron main, renderer, feed).
 *
 * The parts are started by product-processes.ts, the page opened by dashboard-browser.ts and
 * read by frame-probe.ts. Everything started is stopped by the `stop`/`close` functions
 * returned; callers use try/finally.
 */
import { buildRenderer } from './renderer-build';
import {
  startEngineProcess,
  startSimulatorProcess,
  type EngineProcessOptions,
  type SimulatorChild,
} from './product-processes';
import type { EngineChild } from './stats-process';

/** A running simulator + engine pair; `stop` stops both. */
export interface Stack {
  readonly sim: SimulatorChild;
  readonly engine: EngineChild;
  stop(): Promise<void>;
}

/** Starts the seeded simulator and the engine connected to it. */
export async function startStack(options: {
  rate: number;
  instruments?: number;
  seed?: number;
  /** Probe the engine's worker for the batch timeline (EngineChild.timeline). */
  timeline?: boolean;
  bookLevels?: number;
  /** The engine process's flags and other output (EngineProcessOptions). */
  engine?: Pick<EngineProcessOptions, 'nodeArgs' | 'log'>;
}): Promise<Stack> {
  const rendererDir = await buildRenderer();
  const sim = await startSimulatorProcess(options);
  let engine: EngineChild;
  try {
    engine = await startEngineProcess(sim.url, rendererDir, {
      timeline: options.timeline,
      ...options.engine,
    });
  } catch (err) {
    await sim.stop();
    throw err;
  }
  return {
    sim,
    engine,
    stop: async () => {
      await engine.stop();
      await sim.stop();
    },
  };
}
