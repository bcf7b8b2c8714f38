/**
 * The windows benches' sources (bench/windows.bench.ts, windows-trace.ts, dashboard-alone.ts):
 * one simulator process per rate, the first the engine's feed and the others added beside it,
 * the engine in its own process serving the built page.
 */
import { sourceNamesFor } from '../protocol/source-names';
import {
  startEngineProcess,
  startSimulatorProcess,
  type SimulatorChild,
} from './product-processes';
import type { EngineChild } from './stats-process';
import { readList } from './report';

/** Ticks/s of each source: `BENCH_WINDOWS_RATES`, default 20k, 5k and 5k. */
export const WINDOWS_RATES = readList(
  'BENCH_WINDOWS_RATES',
  process.env.BENCH_WINDOWS_RATES ?? '20000,5000,5000',
  1_000_000,
);
if (WINDOWS_RATES.length > 8)
  throw new Error(`BENCH_WINDOWS_RATES: at most 8 sources, got ${WINDOWS_RATES.length}`);

export interface WindowsSources {
  readonly sims: readonly SimulatorChild[];
  readonly engine: EngineChild;
  /** The sources' names, as the page prefixes their instruments. */
  readonly names: readonly string[];
  stop(): Promise<void>;
}

/** Starts the simulators, one a rate, then the engine on all of them; none is left if one fails. */
export async function startWindowsSources(rendererDir: string): Promise<WindowsSources> {
  const sims: SimulatorChild[] = [];
  try {
    for (const [i, rate] of WINDOWS_RATES.entries())
      sims.push(await startSimulatorProcess({ rate, seed: i + 1 }));
    const urls = sims.map((s) => s.url);
    const engine = await startEngineProcess(urls[0]!, rendererDir, { moreFeeds: urls.slice(1) });
    return {
      sims,
      engine,
      names: sourceNamesFor(urls),
      async stop() {
        await engine.stop();
        for (const sim of sims) await sim.stop();
      },
    };
  } catch (err) {
    for (const sim of sims) await sim.stop();
    throw err;
  }
}
