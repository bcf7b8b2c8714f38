/**
 * The short chaos soak inside `npm test` (about 10 s): the engine against the simulator's chaos
 * scenario through a proxy that cuts, stalls, delays and corrupts. `npm run soak` runs the same
 * for minutes. What a user would notice if any of these broke: the dashboard freezing or dying,
 * prices or volumes that no longer match the feed, a reconnect storm, or memory creeping up.
 */
import { describe, expect, it } from 'vitest';
import { delayStats, type ChaosSoakReport } from './chaos-soak-report';
import { runChaosSoak } from './chaos-soak';

const DURATION_MS = 9_000;

describe('chaos soak (short)', () => {
  let report: ChaosSoakReport;

  it('survives every fault it was dealt and ends live', { timeout: 30_000 }, async () => {
    report = await runChaosSoak({ durationMs: DURATION_MS, seed: 11, faultEveryMs: 600 });
    const faults = Object.values(report.faults).reduce((a, b) => a + b, 0);
    expect(faults).toBeGreaterThanOrEqual(6);
    expect(report.faults.cut + report.faults.stall).toBeGreaterThan(0);
    // A cut while already reconnecting finds no connection to cut; most find one.
    expect(report.disconnectsSurvived).toBeGreaterThanOrEqual(3);
    expect(report.finalConnection).toBe('live');
    expect(report.ticksTotal).toBeGreaterThan(1_000);
    expect(report.unhandledRejections).toBe(0);
    expect(report.uncaughtExceptions).toBe(0);
  });

  it('skips every corrupted frame and heals every gap with a snapshot', () => {
    // Every corrupted frame the engine received is skipped and counted (the server's chaos adds
    // malformed frames of its own). Most arrive; some are lost with a socket cut after them.
    expect(report.corruptedReceived).toBeGreaterThan(0);
    expect(report.corruptedReceived).toBeGreaterThanOrEqual(report.framesCorrupted / 2);
    expect(report.malformedSkipped).toBeGreaterThanOrEqual(report.corruptedReceived);
    expect(report.gapsDetected).toBeGreaterThan(0);
    expect(report.resyncs).toBeGreaterThan(0);
    expect(report.gapsUnhealed).toBeLessThanOrEqual(1);
  });

  it("matches a fresh subscriber's state after every resync: nothing lost beyond what the feed dropped", () => {
    expect(report.mismatches).toEqual([]);
    expect(report.stateChecks.mismatch).toBe(0);
    // Most snapshots find the engine row at the same trade count (the rest raced a batch).
    expect(report.stateChecks.equal).toBeGreaterThan(30);
    expect(report.stateChecks.equal).toBeGreaterThan(report.stateChecks.notSeen);
    expect(report.eventsDroppedByFeed).toBeGreaterThan(0);
  });

  it('backs off with jitter: delays vary and stay under the cap', () => {
    const stats = delayStats(report.reconnectDelaysMs);
    expect(stats.count).toBeGreaterThanOrEqual(3);
    expect(stats.max).toBeLessThanOrEqual(405); // the 400 ms cap, plus the ms between events
    expect(stats.min).toBeGreaterThanOrEqual(0);
    expect(stats.distinct).toBeGreaterThanOrEqual(Math.ceil(stats.count / 2));
  });

  it('keeps memory bounded', () => {
    const heap = report.heapUsedMb;
    const warm = heap.slice(Math.floor(heap.length / 3));
    expect(Math.max(...warm) - Math.min(...warm)).toBeLessThan(40);
  });
});
