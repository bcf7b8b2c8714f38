import { afterEach, describe, expect, it } from 'vitest';
import { loopLagMs, Metrics } from './metrics';

let metrics: Metrics | undefined;
afterEach(() => metrics?.close());

describe('Metrics', () => {
  it('reports rates and latency percentiles of the last completed second', () => {
    let now = 0;
    metrics = new Metrics(() => now);
    metrics.addTicks(1_500);
    for (let i = 1; i <= 100; i++) metrics.addLatency(i);
    metrics.addBatch();
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
