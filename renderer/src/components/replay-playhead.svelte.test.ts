import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReplayStatus } from '../../../protocol/health';
import { replayStatus } from '../../../test-support/replay-status';
import { ReplayPlayhead } from './replay-playhead.svelte';

const STATUS = replayStatus({ speed: 100 });

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  vi.unstubAllGlobals();
});

/** A playhead over `status()`, made in an effect root as a component would make it. */
function playheadOver(status: () => ReplayStatus | null): ReplayPlayhead {
  let playhead!: ReplayPlayhead;
  cleanups.push($effect.root(() => void (playhead = new ReplayPlayhead(status))));
  return playhead;
}

describe('ReplayPlayhead', () => {
  it('moves on between reports at high speed, not in steps', async () => {
    // jsdom has no animation frames: one every 16 ms, as a display would.
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) =>
      setTimeout(() => f(performance.now()), 16),
    );
    vi.stubGlobal('cancelAnimationFrame', (id: number) => clearTimeout(id));
    const playhead = playheadOver(() => STATUS);
    // At 100× a tenth of a second of wall time is 10 s of recording; no new report arrives.
    await vi.waitFor(() => expect(playhead.position).toBeGreaterThan(STATUS.position + 5_000), {
      timeout: 3_000,
    });
    expect(playhead.position).toBeLessThanOrEqual(STATUS.position + 100_000); // a second's worth
  });

  it('stays at the report while paused, and is null with no replay open', () => {
    let status = $state<ReplayStatus | null>({ ...STATUS, playing: false });
    const playhead = playheadOver(() => status);
    expect(playhead.position).toBe(STATUS.position);
    status = null;
    expect(playhead.position).toBeNull();
  });
});
