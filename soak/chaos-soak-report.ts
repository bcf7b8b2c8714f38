/** What a chaos soak reports (soak/chaos-soak.ts), and the summary of its reconnect delays. */
import type { StateCheck } from './state-checks';

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
