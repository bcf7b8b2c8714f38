/**
 * Recording integrity under kill -9, many times: a recorder killed at a random moment (mid
 * flush, mid checkpoint, mid segment roll, mid index rewrite) leaves a folder that replays every
 * frame it had flushed, verbatim and in order, and never a partial line. One spawned crash
 * through the `record` CLI lives in record-cli.test.ts; this loops the writer itself.
 */
import { describe, expect, it } from 'vitest';
import { runKillLoop } from '../soak/kill-loop';

/** Seeded, so a failing kill moment can be replayed. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48_271) % 2_147_483_647) / 2_147_483_647;
}

describe('kill -9 loop', () => {
  it('every run replays everything flushed, and nothing partial', { timeout: 60_000 }, async () => {
    const runs = await runKillLoop({
      runs: 8,
      concurrency: 4,
      maxKillAfterMs: 1_200,
      random: seeded(20261125),
    });
    expect(runs).toHaveLength(8);
    for (const run of runs) {
      expect(run.problem, JSON.stringify(run)).toBeNull();
      expect(run.served).toBeGreaterThanOrEqual(run.flushed);
    }
    // The kills landed while data was flowing, across segment rolls, not all before the start.
    expect(runs.filter((r) => r.served > 0).length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...runs.map((r) => r.segments))).toBeGreaterThan(1);
  });
});
