/**
 * The figures bench/nats-cluster-kill.bench.ts reports, each against a baseline from the same
 * run; the first note carries the verdict of every check.
 */
import { loadavg } from 'node:os';
import { spread } from './cluster-kill-checks';
import type { BenchResult } from './report';

/** What one run measured. */
export interface KillRun {
  /** The scale, as the figures name it. */
  readonly at: string;
  readonly desks: number;
  /** Ticks/s per desk and relay CPU before and after the kill. */
  readonly before: { readonly perDesk: readonly number[]; readonly relayCpuPct: number };
  readonly after: { readonly perDesk: readonly number[]; readonly relayCpuPct: number };
  /** Per desk, ms from the kill to ticks again on a live node. */
  readonly flowing: readonly number[];
  readonly desksOnVictim: number;
  /** From the stop until every desk was equal (NaN: never), and the fresh subscriber's join. */
  readonly equalMs: number;
  readonly referenceReadyMs: number;
  readonly mismatches: readonly number[];
  readonly acked: number;
  readonly lost: number;
  readonly problems: readonly string[];
}

export function figures({
  at,
  desks,
  before,
  after,
  flowing,
  desksOnVictim,
  equalMs,
  referenceReadyMs,
  mismatches,
  acked,
  lost,
  problems,
}: KillRun): BenchResult[] {
  const b = spread(before.perDesk);
  const a = spread(after.perDesk);
  const verdict = problems.length === 0 ? 'all checks held' : `FAILED: ${problems.join('; ')}`;
  return [
    {
      name: `cluster kill, ${at}: delivered per desk after the kill, median`,
      value: Math.round(a.median),
      unit: 'ticks/s',
      baseline: Math.round(b.median),
      ratio: +(a.median / b.median).toFixed(2),
      note: `baseline: before the kill; slowest ${Math.round(a.min)} (before ${Math.round(b.min)}); ${verdict}`,
    },
    {
      name: `cluster kill, ${at}: time to move to a live node with ticks, slowest desk`,
      value: Math.round(Math.max(...flowing)),
      unit: 'ms',
      baseline: Math.round(spread(flowing).median),
      ratio: +(Math.max(...flowing) / spread(flowing).median).toFixed(2),
      note: `baseline: the median desk; ${desksOnVictim} of ${desks} desks read from the killed node`,
    },
    {
      name: `cluster kill, ${at}: every desk equal to the stored states, after the stop`,
      value: Math.round(equalMs),
      unit: 'ms',
      baseline: Math.round(referenceReadyMs),
      ratio: +(equalMs / referenceReadyMs).toFixed(2),
      note: `baseline: a fresh subscriber's time to hold every state; mismatches per desk ${mismatches.join(',')}; acknowledged writes ${acked}, lost ${lost}`,
    },
    {
      name: `cluster kill, ${at}: relay CPU after the kill`,
      value: +after.relayCpuPct.toFixed(1),
      unit: '% of a core',
      baseline: +before.relayCpuPct.toFixed(1),
      ratio: +(after.relayCpuPct / before.relayCpuPct).toFixed(2),
      note: `baseline: before the kill; load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    },
  ];
}
