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

  it('does not count as silence the time this thread was too busy to read a frame', async () => {
    // A real block: the thread's clocks run while no timer can (a fake clock cannot tell this
    // from a machine asleep, below).
    const block = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const w = watched();
    watch = w.watch;
    watch.start(Date.now());
    watch.heartbeat(40); // checks every 10 ms; stalled past 60 ms, dead past 120
    block(600);
    await sleep(15);
    expect(w.stalled).toEqual([]);
    expect(w.dead).toEqual([]);
    // The silence on either side of a block is still counted: stalled, a block, then dead.
    watch.lastFrameAt = Date.now();
    for (let waited = 0; w.stalled.length === 0 && waited < 2_000; waited += 5) await sleep(5);
    expect(w.stalled.length).toBeGreaterThan(0);
    block(600);
    for (let waited = 0; w.dead.length === 0 && waited < 2_000; waited += 5) await sleep(5);
    expect(w.dead.length).toBe(1);
    expect(w.dead[0]).toBeGreaterThan(120);
    expect(w.dead[0]).toBeLessThan(600);
  });

  it('counts a sleep of the machine as silence: a laptop woken shows its old prices stalled at once', () => {
    vi.useFakeTimers();
    try {
      const w = watched();
      watch = w.watch;
      watch.start(Date.now());
      watch.heartbeat(100); // checks every 25 ms
      vi.advanceTimersByTime(50);
      // Asleep an hour: the wall clock jumps, the monotonic clock and its timers do not.
      vi.setSystemTime(Date.now() + 3_600_000);
      vi.advanceTimersByTime(25);
      expect(w.stalled.length).toBe(1);
      expect(w.dead.length).toBe(1);
      expect(w.dead[0]).toBeGreaterThan(3_600_000);
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
