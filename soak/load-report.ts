/** What a load run (soak/load.ts) reports, client by client, and its summary by kind of client. */

export type ClientKind = 'all' | 'all-conflated' | 'subset';

export interface FastClientResult {
  readonly kind: ClientKind;
  readonly ticks: number;
  readonly continuityViolations: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** Still open at the end. */
  readonly open: boolean;
}

export interface SlowClientResult {
  readonly closeCode: number | null;
  readonly closeReason: string;
  /** Ticks it received that stood for several events (conflated while it was behind). */
  readonly conflatedTicks: number;
}

export interface LoadReport {
  readonly clients: number;
  readonly measuredMs: number;
  /** Ticks the simulator generated while the fast clients were measured. */
  readonly ticksGenerated: number;
  readonly fast: readonly FastClientResult[];
  readonly slow: readonly SlowClientResult[];
  /** Server-process memory (heap + external buffers), MB, sampled every 500 ms. */
  readonly memoryMb: readonly number[];
  readonly connectMs: number;
}

/**
 * The value at fraction `p` of an ascending list; 0 for an empty one. Named apart from the
 * product's own percentiles: e2e/packaging.spec.ts looks for soak code in the app by name.
 */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** The fast clients' figures by kind: count, ticks/s per client, worst p99 latency, problems. */
export function summarizeFast(report: LoadReport): Record<
  ClientKind,
  {
    clients: number;
    ticksPerSecMin: number;
    p50Ms: number;
    p99MsWorst: number;
    violations: number;
    closed: number;
  }
> {
  const out = {} as ReturnType<typeof summarizeFast>;
  for (const kind of ['all', 'all-conflated', 'subset'] as const) {
    const list = report.fast.filter((c) => c.kind === kind);
    out[kind] = {
      clients: list.length,
      ticksPerSecMin: Math.round(
        Math.min(...list.map((c) => c.ticks)) / (report.measuredMs / 1000),
      ),
      p50Ms: percentileOfSorted(
        list.map((c) => c.latencyP50Ms).sort((a, b) => a - b),
        0.5,
      ),
      p99MsWorst: Math.max(...list.map((c) => c.latencyP99Ms)),
      violations: list.reduce((n, c) => n + c.continuityViolations, 0),
      closed: list.filter((c) => !c.open).length,
    };
  }
  return out;
}
