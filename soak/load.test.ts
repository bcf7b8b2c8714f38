/**
 * The simulator under load (bounded: 200 clients and 3 slow ones; `npm run soak` runs 500):
 * clients that keep reading keep their rate, continuity and latency while slow ones are
 * conflated, then cut with 4000 and a reason; memory stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../protocol/feed';
import { runLoad, summarizeFast, type LoadReport } from './load';

describe('simulator under load', () => {
  let report: LoadReport;

  it('serves 200 mixed clients while 3 slow ones fall behind', { timeout: 60_000 }, async () => {
    report = await runLoad({ clients: 200, slowClients: 3, measureMs: 3_000, rate: 4_000 });
    expect(report.fast).toHaveLength(200);
    expect(report.ticksGenerated).toBeGreaterThan(10_000);
  });

  it('fast clients stay connected, lose nothing and keep the feed rate', () => {
    const s = summarizeFast(report);
    for (const kind of ['all', 'all-conflated', 'subset'] as const) {
      expect(s[kind].closed, kind).toBe(0);
      expect(s[kind].violations, kind).toBe(0);
    }
    // Every client taking every tick got (nearly) every tick generated while measured.
    for (const c of report.fast.filter((x) => x.kind === 'all'))
      expect(c.ticks).toBeGreaterThan(report.ticksGenerated * 0.9);
    expect(s['all-conflated'].ticksPerSecMin).toBeGreaterThan(10);
    expect(s.subset.ticksPerSecMin).toBeGreaterThan(10);
  });

  it('fast clients see ticks promptly (latency from the tick timestamp)', () => {
    const s = summarizeFast(report);
    expect(s.all.p50Ms).toBeLessThan(100);
    expect(s.subset.p50Ms).toBeLessThan(100);
    expect(s.all.p99MsWorst).toBeLessThan(1_000);
    // Conflated clients wait at most their window (<= 500 ms) on top.
    expect(s['all-conflated'].p99MsWorst).toBeLessThan(1_500);
  });

  it('slow clients are conflated, then cut with 4000 and a reason', () => {
    for (const slow of report.slow) expect(slow.conflatedTicks).toBeGreaterThan(0);
    // Each is cut; one too slow to read its close frame within the server's 5 s handshake
    // sees the connection drop instead (1006), but most read the reason.
    for (const slow of report.slow)
      expect([CLOSE_CODES.SLOW_CONSUMER, 1006]).toContain(slow.closeCode);
    const withReason = report.slow.filter((s) => s.closeCode === CLOSE_CODES.SLOW_CONSUMER);
    expect(withReason.length).toBeGreaterThanOrEqual(2);
    for (const slow of withReason)
      expect(slow.closeReason).toMatch(/^slow consumer: [\d.]+ MiB unsent, behind for [\d.]+ s$/);
  });

  it('keeps memory bounded', () => {
    // Each slow backlog is capped (64 MiB, 3 s); with them gone little more than the 200
    // open sockets remains.
    expect(Math.max(...report.memoryMb)).toBeLessThan(512);
    expect(report.memoryMb.at(-1)! - report.memoryMb[0]!).toBeLessThan(150);
  });
});
