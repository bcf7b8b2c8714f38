import { afterEach, describe, expect, it, vi } from 'vitest';
import { StallWatch } from './stall-watch';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let watch: StallWatch | undefined;
afterEach(() => watch?.stop());

function watched(): { watch: StallWatch; stalled: number[]; dead: number[] } {
  const stalled: number[] = [];
  const dead: number[] = [];
  return {
    watch: new StallWatch({ stalled: (ms) => stalled.push(ms), dead: (ms) => dead.push(ms) }),
    stalled,
    dead,
  };
}

describe('StallWatch', () => {
  it('shows a silent feed stalled after 1.5 heartbeats and dead after 3', async () => {
    const w = watched();
    watch = w.watch;
    watch.start(Date.now());
    watch.heartbeat(40);
    for (let waited = 0; w.dead.length === 0 && waited < 2_000; waited += 10) await sleep(10);
    expect(w.stalled[0]).toBeGreaterThan(60);
    expect(w.dead[0]).toBeGreaterThan(120);
  });

  it('says nothing while frames keep coming', () => {
    // Fake timers and clock: a loaded machine's late timer cannot pass for a silent feed here.
    vi.useFakeTimers();
    try {
      const w = watched();
      watch = w.watch;
      watch.start(Date.now());
      watch.heartbeat(100);
      for (let i = 0; i < 40; i++) {
        vi.advanceTimersByTime(20);
        watch.lastFrameAt = Date.now();
      }
      expect(w.stalled).toEqual([]);
      expect(w.dead).toEqual([]);
      // The same watch goes on to report the silence that follows.
      vi.advanceTimersByTime(400);
      expect(w.stalled.length).toBeGreaterThan(0);
      expect(w.dead.length).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not count as silence the time this thread was too busy to read a frame', () => {
    vi.useFakeTimers();
    try {
      const w = watched();
      watch = w.watch;
      watch.start(Date.now());
      watch.heartbeat(100); // checks every 25 ms; stalled past 150 ms, dead past 300
      const block = (ms: number) => vi.setSystemTime(Date.now() + ms); // the clock runs, no timer
      block(2_000);
      vi.advanceTimersByTime(25);
      expect(w.stalled).toEqual([]);
      expect(w.dead).toEqual([]);
      // The silence on either side of a block is still counted: 200 ms, a block, 125 ms more.
      watch.lastFrameAt = Date.now();
      vi.advanceTimersByTime(200);
      expect(w.stalled.length).toBeGreaterThan(0);
      block(5_000);
      vi.advanceTimersByTime(25);
      expect(w.dead).toEqual([]);
      vi.advanceTimersByTime(100);
      expect(w.dead.length).toBe(1);
      expect(w.dead[0]).toBeGreaterThan(300);
      expect(w.dead[0]).toBeLessThan(400);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says nothing once stopped', async () => {
    const w = watched();
    watch = w.watch;
    watch.start(Date.now());
    watch.heartbeat(20);
    watch.stop();
    await sleep(100);
    expect(w.stalled).toEqual([]);
  });
});
