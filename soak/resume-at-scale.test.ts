/**
 * The short run of soak/resume-at-scale.ts (`npm run soak -- --only resume` runs 20,000
 * instruments): the whole engine, cut and resumed, holds what a fresh subscriber sees.
 */
import { describe, expect, it } from 'vitest';
import { runResumeAtScale } from './resume-at-scale';

describe('the engine resumed at scale', () => {
  it('8,000 instruments (a resume over the 64 KiB frame limit): one reconnect, 0 mismatches, no more left uncompared than the feed moved', async () => {
    const r = await runResumeAtScale({
      instruments: 8_000,
      ticksPerSec: 100,
      stepTimeoutMs: 30_000,
    });
    expect(r.reconnects).toBe(1);
    expect(r.mismatches).toEqual([]);
    expect(r.instruments - r.compared).toBeLessThanOrEqual(r.notComparedBound);
    // The bound stays a check at this size: well under the instruments (100 ticks/s, a few s).
    expect(r.notComparedBound).toBeLessThan(r.instruments * 0.1);
  }, 90_000);
});
