import { describe, expect, it } from 'vitest';
import { FrameMetrics, LATENCY_SAMPLES, percentile } from './frame-metrics';

describe('FrameMetrics', () => {
  it('reports tick-to-pixel latency percentiles over recent draws', () => {
    const m = new FrameMetrics();
    for (let i = 1; i <= 100; i++) m.recordDraw(1_000 + i, 1_000);
    const s = m.snapshot();
    expect(s.frames).toBe(100);
    expect(s.latencyP50Ms).toBe(50);
    expect(s.latencyP99Ms).toBe(99);
  });

  it('forgets old samples beyond its window', () => {
    const m = new FrameMetrics();
    for (let i = 0; i < LATENCY_SAMPLES; i++) m.recordDraw(1_000, 0); // 1000 ms each
    for (let i = 0; i < LATENCY_SAMPLES; i++) m.recordDraw(10, 0); // 10 ms each
    expect(m.snapshot().latencyP99Ms).toBe(10);
  });

  it('counts frames over the last second as fps', () => {
    const m = new FrameMetrics();
    for (let t = 0; t <= 2_000; t += 1000 / 60) m.recordFrame(t);
    expect(m.snapshot().fps).toBeGreaterThanOrEqual(59);
    expect(m.snapshot().fps).toBeLessThanOrEqual(61);
  });

  it('has no latency before the first draw', () => {
    expect(new FrameMetrics().snapshot().latencyP50Ms).toBeNull();
    expect(percentile([3, 1, 2], 3, 0.5)).toBe(2);
  });
});
