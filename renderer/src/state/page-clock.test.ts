import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameMetrics } from './frame-metrics';
import { PAGE_CLOCK_MS, PageClock } from './page-clock.svelte';

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

describe('PageClock', () => {
  it('moves the time on, and reads the frame figures, every PAGE_CLOCK_MS until stopped', () => {
    const metrics = new FrameMetrics();
    const clock = new PageClock();
    const stop = clock.start(metrics);
    expect(clock.fps).toBeNull();
    for (let t = 0; t <= 1_000; t += 100) metrics.recordFrame(performance.now() + t);
    metrics.recordDraw(Date.now(), Date.now() - 40);
    vi.advanceTimersByTime(PAGE_CLOCK_MS);
    expect(clock.now).toBe(1_000_000 + PAGE_CLOCK_MS);
    expect(clock.fps).toBe(metrics.snapshot().fps);
    expect(clock.fps).toBeGreaterThan(0);
    expect(clock.pixelLatency?.p50).toBe(metrics.snapshot().latencyP50Ms);
    expect(clock.pixelLatency?.p50).not.toBeNull();
    stop();
    vi.advanceTimersByTime(PAGE_CLOCK_MS * 4);
    expect(clock.now).toBe(1_000_000 + PAGE_CLOCK_MS);
  });

  it('without frame figures (a pop-out), only the time moves', () => {
    const clock = new PageClock();
    const stop = clock.start();
    vi.advanceTimersByTime(PAGE_CLOCK_MS * 2);
    expect(clock.now).toBe(1_000_000 + PAGE_CLOCK_MS * 2);
    expect(clock.fps).toBeNull();
    expect(clock.pixelLatency).toBeNull();
    stop();
  });
});
