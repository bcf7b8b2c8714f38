/**
 * Counts the major garbage collections (mark-compact, and the incremental marking that leads
 * to one) that end while it listens: a bench that compares runs says how many landed in each,
 * since one such collection over a large heap can outweigh what the runs differ by.
 */
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';

const MAJOR = new Set<number>([
  constants.NODE_PERFORMANCE_GC_MAJOR,
  constants.NODE_PERFORMANCE_GC_INCREMENTAL,
]);

export interface GcCounter {
  /** Major GCs since the last take (or the start). */
  take(): number;
  stop(): void;
}

export function majorGcCounter(): GcCounter {
  let count = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } | null }).detail?.kind;
      if (kind !== undefined && MAJOR.has(kind)) count++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    take() {
      const n = count;
      count = 0;
      return n;
    },
    stop() {
      observer.disconnect();
    },
  };
}

/** The `gc` that `--expose-gc` gives: a bench that measures garbage cannot run without it. */
export function exposedGc(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (see the header for the flags)');
  return gc;
}

/** What a step allocated on the heap and how long it took. */
export interface Allocation {
  bytes: number;
  ms: number;
}

export interface EveryGcCounter {
  /** Collections of any kind, minor ones too, since the counter was made. */
  count(): number;
  /** Resolves once the observer has heard of the collections so far (they arrive a turn late). */
  settle(): Promise<void>;
  /**
   * Runs `step` on a freshly collected heap and says what it allocated; null when a
   * collection landed inside it (the heap's growth then says nothing), for the bench to drop.
   */
  allocation(step: () => void): Promise<Allocation | null>;
}

/** Counts every collection: a bench that measures a step's garbage drops a step one landed in. */
export function everyGcCounter(settleMs = 20): EveryGcCounter {
  const gc = exposedGc();
  let count = 0;
  new PerformanceObserver((list) => (count += list.getEntries().length)).observe({
    entryTypes: ['gc'],
  });
  const settle = () => new Promise<void>((done) => setTimeout(done, settleMs));
  return {
    count: () => count,
    settle,
    async allocation(step) {
      gc();
      await settle();
      const before = count;
      const heap = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      step();
      const ms = performance.now() - t0;
      const bytes = process.memoryUsage().heapUsed - heap;
      await settle();
      return count === before ? { bytes, ms } : null;
    },
  };
}
