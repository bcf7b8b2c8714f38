import { describe, expect, it } from 'vitest';
import { FrameMetrics, LATENCY_SAMPLES, LATENCY_WINDOW_MS, percentile } from './frame-metrics';

describe('FrameMetrics', () => {
  it('reports tick-to-pixel latency percentiles over recent draws', () => {
    const m = new FrameMetrics();
    for (let i = 1; i <= 100; i++) m.recordDraw(1_000 + i, 1_000);
    const s = m.snapshot(1_100);
    expect(s.frames).toBe(100);
    expect(s.latencyP50Ms).toBe(50);
    expect(s.latencyP99Ms).toBe(99);
  });

  it('forgets old samples beyond its window', () => {
    const m = new FrameMetrics();
    for (let i = 0; i < LATENCY_SAMPLES; i++) m.recordDraw(1_000, 0); // 1000 ms each
    for (let i = 0; i < LATENCY_SAMPLES; i++) m.recordDraw(1_010, 1_000); // 10 ms each
    expect(m.snapshot(1_010).latencyP99Ms).toBe(10);
  });

  // Issue 15: the page's first frames (JIT, the reset batch's history) are slow; a figure
  // over the last 512 frames still held them 10 s after opening, 121 ms p99 where the
  // bench's frames of the same 6 s read 58. The figure covers the frames of the last 5 s.
  it('counts only the frames drawn in the last LATENCY_WINDOW_MS, at 30 draws a second', () => {
    const m = new FrameMetrics();
    const opened = 1_000_000;
    // The first frames of a page measured at 50k ticks/s (bench, this session), then steady.
    let t = opened;
    for (const ms of [458, 419, 123, 154, 67, 141, 140, 131, 116, 105])
      m.recordDraw((t += 33), t - ms);
    for (; t < opened + 10_000; t += 33) m.recordDraw(t, t - 20); // steady: 20 ms
    expect(m.snapshot(t).latencyP99Ms).toBe(20);
    expect(m.snapshot(t).latencyP50Ms).toBe(20);
  });

  it('ages samples out as time passes without new draws', () => {
    const m = new FrameMetrics();
    m.recordDraw(1_000, 900);
    expect(m.snapshot(1_000).latencyP99Ms).toBe(100);
    expect(m.snapshot(1_000 + LATENCY_WINDOW_MS - 1).latencyP99Ms).toBe(100);
    expect(m.snapshot(1_000 + LATENCY_WINDOW_MS).latencyP99Ms).toBeNull();
  });

  it('counts frames over the last second as fps', () => {
    const m = new FrameMetrics();
    for (let t = 0; t <= 2_000; t += 1000 / 60) m.recordFrame(t);
    expect(m.snapshot().fps).toBeGreaterThanOrEqual(59);
    expect(m.snapshot().fps).toBeLessThanOrEqual(61);
  });

  it('has no latency before the first draw', () => {
    expect(new FrameMetrics().snapshot(0).latencyP50Ms).toBeNull();
    expect(percentile([3, 1, 2], 3, 0.5)).toBe(2);
  });
});
