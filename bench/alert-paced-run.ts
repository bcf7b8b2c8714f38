/**
 * bench/alerts.bench.ts's paced runs: the recorded ticks fed at TICKS_PER_SEC by a timer, as the
 * engine receives them, into the fold alone or as protocol frames decoded, folded and batched;
 * CPU (the main thread's and the process's), event-loop lag p99, alerts and major GCs over a
 * cold window (the first RUN_MS) and a warm one (RUN_MS after WARM_MS more of feed).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AlertRule } from '../protocol/alerts';
import { hookedEngine } from './alert-fold-ab';
import { TICKS_PER_SEC, type RecordedTicks } from './alert-workload';
import { majorGcCounter } from './gc-count';
import { collectGarbage, mainThreadCpuMs } from './thread-cpu';

export const RUN_MS = 3_000;
/** Feed between the cold and the warm window, not measured. */
export const WARM_MS = 3_000;
/** Ticks folded per timer turn, in frames of this many ticks. */
const SLICE_MS = 10;
export const FRAME_TICKS = 100;
/** Batches a second the engine path builds (the default batch rate). */
const BATCH_HZ = 30;

interface WindowFigures {
  /** The main thread's CPU (the process's where /proc is missing). */
  readonly cpuMs: number;
  readonly processCpuMs: number;
  readonly lagP99Ms: number;
  readonly alerts: number;
  /** Major GCs (mark-compact, incremental marking) that ended in the window. */
  readonly majorGcs: number;
}

export interface RunFigures {
  readonly cold: WindowFigures;
  readonly warm: WindowFigures;
}

/**
 * Feeds the ticks at TICKS_PER_SEC, paced by a timer, as the engine would receive them: as tick
 * arrays into the fold (`frames` null; fresh objects, as a decoder hands them over), or as
 * protocol frames decoded, folded and batched.
 */
async function foldRun(
  ticks: RecordedTicks,
  frames: readonly string[] | null,
  rules: readonly AlertRule[],
): Promise<RunFigures> {
  const { state, fired, feedFrame, flush } = hookedEngine(rules);
  const ticksPerBatch = TICKS_PER_SEC / BATCH_HZ;
  let nextBatch = ticksPerBatch;
  const perSlice = (TICKS_PER_SEC * SLICE_MS) / 1_000;
  const windowTicks = (TICKS_PER_SEC * RUN_MS) / 1_000;
  const warmFrom = windowTicks + (TICKS_PER_SEC * WARM_MS) / 1_000;
  collectGarbage();
  const majorGcs = majorGcCounter();
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const cpuNow = () => {
    const { user, system } = process.cpuUsage();
    const processMs = (user + system) / 1_000;
    return { thread: mainThreadCpuMs() ?? processMs, process: processMs };
  };
  let mark = { cpu: cpuNow(), fired: 0 };
  const close = (): WindowFigures => {
    const cpu = cpuNow();
    const figures = {
      cpuMs: cpu.thread - mark.cpu.thread,
      processCpuMs: cpu.process - mark.cpu.process,
      lagP99Ms: lag.percentile(99) / 1e6,
      alerts: fired() - mark.fired,
      majorGcs: majorGcs.take(),
    };
    lag.reset();
    mark = { cpu: cpuNow(), fired: fired() };
    return figures;
  };
  let cold: WindowFigures | null = null;
  let at = 0;
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const end = Math.min(ticks.length, at + perSlice);
      for (; at < end; at += FRAME_TICKS) {
        if (frames === null) {
          state.applyTicks(ticks.slice(at, Math.min(end, at + FRAME_TICKS)), () => {});
          continue;
        }
        feedFrame(frames[at / FRAME_TICKS]!);
        if (at + FRAME_TICKS >= nextBatch) {
          flush(ticks.tsAt(at));
          nextBatch += ticksPerBatch;
        }
      }
      if (at === windowTicks) cold = close();
      if (at === warmFrom) close();
      if (at >= ticks.length) {
        clearInterval(timer);
        done();
      }
    }, SLICE_MS);
  });
  const warm = close();
  lag.disable();
  majorGcs.stop();
  return { cold: cold!, warm };
}

export interface PathFigures {
  readonly runs: { readonly base: RunFigures; readonly with: RunFigures }[];
}

/** `repeats` alternating pairs on one path, the order swapped every pair. */
export async function pairs(
  repeats: number,
  ticks: RecordedTicks,
  frames: readonly string[] | null,
  rules: readonly AlertRule[],
): Promise<PathFigures> {
  const runs: PathFigures['runs'] = [];
  for (let i = 0; i < repeats; i++) {
    if (i % 2 === 0) {
      const base = await foldRun(ticks, frames, []);
      runs.push({ base, with: await foldRun(ticks, frames, rules) });
    } else {
      const withRules = await foldRun(ticks, frames, rules);
      runs.push({ base: await foldRun(ticks, frames, []), with: withRules });
    }
  }
  return { runs };
}
