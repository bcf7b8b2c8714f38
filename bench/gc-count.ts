/**
 * Counts the major garbage collections (mark-compact, and the incremental marking that leads
 * to one) that end while it listens: a bench that compares runs says how many landed in each,
 * since one such collection over a large heap can outweigh what the runs differ by.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';

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
