/**
 * The health bar's summary of several live sources: the badge shows the worst one's state,
 * the counts are summed, and the freshest data speaks for "last tick".
 */
import type { ConnectionState, Health, SourceHealth } from '../../protocol/health';

/** Worst first: the main badge shows the worst source's state. */
export const STATE_RANK: Record<ConnectionState['state'], number> = {
  failed: 5,
  closed: 4,
  reconnecting: 3,
  stalled: 2,
  connecting: 1,
  live: 0,
};

/** The health fields that summarise several sources: the worst state, summed counts. */
export function summarise(sources: readonly SourceHealth[]): Partial<Health> {
  const worst = sources.reduce((a, b) =>
    STATE_RANK[b.connection.state] > STATE_RANK[a.connection.state] ? b : a,
  );
  const ages = sources.flatMap((s) => (s.lastTickAgeMs === null ? [] : [s.lastTickAgeMs]));
  const dataAts = sources.flatMap((s) => (s.lastDataAt === null ? [] : [s.lastDataAt]));
  const storedAts = sources.flatMap((s) => (s.storedDataAt === null ? [] : [s.storedDataAt]));
  const errors = sources.flatMap((s) =>
    s.lastError === null ? [] : [`${s.name}: ${s.lastError}`],
  );
  const aheads = sources.flatMap((s) => (s.clockAheadMs === undefined ? [] : [s.clockAheadMs]));
  let gaps = 0;
  let lateSnapshots = 0;
  let reconnects = 0;
  let ticksTotal = 0;
  for (const s of sources) {
    gaps += s.gaps;
    lateSnapshots += s.lateSnapshots;
    reconnects += s.reconnects;
    ticksTotal += s.ticksTotal;
  }
  return {
    connection: worst.connection,
    connectionSince: worst.connectionSince,
    source: { kind: worst.source.kind, label: sources.map((s) => s.name).join(' + ') },
    gaps,
    lateSnapshots,
    reconnects,
    ticksTotal,
    lastTickAgeMs: ages.length === 0 ? null : Math.min(...ages),
    lastDataAt: dataAts.length === 0 ? null : Math.max(...dataAts),
    storedDataAt: storedAts.length === 0 ? null : Math.max(...storedAts),
    lastError: errors[0] ?? null,
    clockAheadMs: aheads.length === 0 ? undefined : Math.max(...aheads),
  };
}
