import { afterEach, describe, expect, it } from 'vitest';
import { loopLagMs, MAX_LATENCY_SAMPLES, Metrics } from './metrics';

let metrics: Metrics | undefined;
afterEach(() => metrics?.close());

describe('Metrics', () => {
  it('reports rates and latency percentiles of the last completed second', () => {
    let now = 0;
    metrics = new Metrics(() => now);
    metrics.addTicks(1_500);
    for (let i = 1; i <= 100; i++) metrics.addLatency(i);
    metrics.addBatches(1);
    now = 500;
    expect(metrics.snapshot().ticksPerSec).toBe(0); // window not complete yet
    now = 1_000;
    const s = metrics.snapshot();
    expect(s).toMatchObject({ ticksPerSec: 1_500, batchesPerSec: 1 });
    expect(s.latencyP50Ms).toBe(51);
    expect(s.latencyP99Ms).toBe(100);
  });

  it('an idle second reports zero rates, not the old ones', () => {
    let now = 0;
    metrics = new Metrics(() => now);
    metrics.addTicks(10);
    now = 1_000;
    metrics.snapshot();
    now = 2_000;
    expect(metrics.snapshot()).toMatchObject({ ticksPerSec: 0, latencyP99Ms: null });
  });

  it('measures event-loop lag when the loop is blocked', async () => {
    let now = 0;
    metrics = new Metrics(() => now);
    await new Promise((r) => setTimeout(r, 50));
    const until = Date.now() + 120;
    while (Date.now() < until); // block the loop
    await new Promise((r) => setTimeout(r, 100));
    now = 1_000;
    expect(metrics.snapshot().eventLoopLagP99Ms).toBeGreaterThan(80);
  });

  it('reports lag beyond the sampling interval, so an idle loop reads near zero', () => {
    expect(loopLagMs(10.3e6)).toBeCloseTo(0.3);
    expect(loopLagMs(9.8e6)).toBe(0);
    expect(loopLagMs(130e6)).toBeCloseTo(120);
  });
});

describe('Metrics windows', () => {
  it('takes percentiles of latencies that arrived out of order', () => {
    let now = 0;
    metrics = new Metrics(() => now);
    // 1..100 shuffled by a fixed stride (37 is coprime with 100).
    for (let i = 0; i < 100; i++) metrics.addLatency(((i * 37) % 100) + 1);
    now = 1_000;
    expect(metrics.snapshot()).toMatchObject({ latencyP50Ms: 51, latencyP99Ms: 100 });
  });

  it('keeps the newest samples when more arrive than it holds', () => {
    let now = 0;
    metrics = new Metrics(() => now);
    // The first 4,096 samples are 1,000 ms, the next 4,096 overwrite them with 1 ms.
    for (let i = 0; i < MAX_LATENCY_SAMPLES; i++) metrics.addLatency(1_000);
    for (let i = 0; i < MAX_LATENCY_SAMPLES; i++) metrics.addLatency(1);
    now = 1_000;
    expect(metrics.snapshot()).toMatchObject({ latencyP50Ms: 1, latencyP99Ms: 1 });
  });

  it('reports per-second rates over a window longer than a second, and resets every count', () => {
    let now = 0;
    metrics = new Metrics(() => now);
    metrics.addTicks(10);
    metrics.addBatches(6);
    metrics.addLatency(5);
    now = 3_000;
    expect(metrics.snapshot()).toMatchObject({ ticksPerSec: 3, batchesPerSec: 2 });
    now = 4_000;
    expect(metrics.snapshot()).toMatchObject({
      ticksPerSec: 0,
      batchesPerSec: 0,
      latencyP50Ms: null,
    });
  });

  it('keeps the last figures until the next window is complete', () => {
    let now = 0;
    metrics = new Metrics(() => now);
    metrics.addTicks(7);
    now = 1_000;
    const first = metrics.snapshot();
    metrics.addTicks(100);
    now = 1_999;
    expect(metrics.snapshot()).toBe(first);
    now = 2_000;
    expect(metrics.snapshot().ticksPerSec).toBe(100);
  });

  it('reports no loop lag before the loop has been sampled', () => {
    let now = 0;
    metrics = new Metrics(() => now);
    now = 1_000;
    expect(metrics.snapshot().eventLoopLagP99Ms).toBeNull();
  });

  it('starts each window with no loop samples, so an old stall is not reported again', async () => {
    let now = 0;
    metrics = new Metrics(() => now);
    // Two waits in a row: the sampler's first firing only starts its clock, and on a loaded
    // machine one 50 ms wait can end right after that first firing (both were overdue at
    // once), with nothing recorded. The second wait cannot end before the sampler fires again.
    await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 20));
    now = 1_000;
    expect(metrics.snapshot().eventLoopLagP99Ms).not.toBeNull();
    // No timer fires between two synchronous calls, so the new window has sampled nothing.
    now = 2_000;
    expect(metrics.snapshot().eventLoopLagP99Ms).toBeNull();
  });

  it('stops sampling the loop once closed', async () => {
    let now = 0;
    metrics = new Metrics(() => now);
    metrics.close();
    await new Promise((r) => setTimeout(r, 50));
    now = 1_000;
    expect(metrics.snapshot().eventLoopLagP99Ms).toBeNull();
  });
});
