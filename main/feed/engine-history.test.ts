import { afterEach, describe, expect, it } from 'vitest';
import { MAX_HISTORY_POINTS } from '../../protocol/price-history';
import { until, watch } from '../../test-support/batch-view';
import { createFeedEngine } from './engine';
import type { FeedEngine } from './engine-api';

let engine: FeedEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('the engine answers older price history from its rings', () => {
  it('returns an instrument’s points in a range, time-ordered, within the count asked for', async () => {
    engine = createFeedEngine({
      feed: null,
      batchHz: 60,
      simulator: { seed: 3, rate: 2_000, heartbeatMs: 100 },
    });
    const view = watch(engine);
    await engine.start();
    await until(() => view.market.size > 0, 15_000);
    const id = [...view.market.keys()][0]!;
    const ask = (maxPoints: number, to = Date.now() + 60_000) =>
      engine!.priceHistory({ id, from: 0, to, maxPoints });
    await until(() => ask(MAX_HISTORY_POINTS).t.length >= 40, 15_000);
    const all = ask(MAX_HISTORY_POINTS);
    expect(all.id).toBe(id);
    expect(all.t).toEqual([...all.t].sort((a, b) => a - b));
    expect(all.price.every((p) => Number.isFinite(p) && p > 0)).toBe(true);
    // Bounded: a smaller count thins the same (settled) range, keeping its extremes.
    const settled = all.t.at(-10)!;
    const range = ask(MAX_HISTORY_POINTS, settled);
    const few = ask(20, settled);
    expect(few.t.length).toBeLessThanOrEqual(20);
    expect(Math.min(...few.price)).toBe(Math.min(...range.price));
    expect(Math.max(...few.price)).toBe(Math.max(...range.price));
    // Only what lies before `to`: the older half.
    const middle = all.t[Math.floor(all.t.length / 2)]!;
    expect(ask(MAX_HISTORY_POINTS, middle).t.every((t) => t < middle)).toBe(true);
    expect(engine.priceHistory({ id: 'NOPE', from: 0, to: 1, maxPoints: 2 }).t).toEqual([]);
  });

  it('returns an instrument’s older bars of an interval, the newest within the count asked for', async () => {
    engine = createFeedEngine({
      feed: null,
      batchHz: 60,
      simulator: { seed: 3, rate: 2_000, heartbeatMs: 100 },
    });
    const view = watch(engine);
    await engine.start();
    await until(() => view.market.size > 0, 15_000);
    const id = [...view.market.keys()][0]!;
    const ask = (maxPoints: number, to = Date.now() + 60_000) =>
      engine!.priceHistory({ id, from: 0, to, maxPoints, barIntervalMs: 1_000 }).bars!;
    await until(() => ask(MAX_HISTORY_POINTS).t.length >= 4, 15_000);
    const all = ask(MAX_HISTORY_POINTS);
    expect(all.t.every((t, i) => t % 1_000 === 0 && (i === 0 || t > all.t[i - 1]!))).toBe(true);
    all.t.forEach((_, i) => {
      const [o, h, l, c] = [all.o[i]!, all.h[i]!, all.l[i]!, all.c[i]!];
      expect(l).toBeLessThanOrEqual(Math.min(o, c));
      expect(h).toBeGreaterThanOrEqual(Math.max(o, c));
    });
    // Bounded: the newest bars before `to`.
    const to = all.t.at(-1)!;
    const two = ask(2, to);
    expect(two.t).toEqual(all.t.slice(-3, -1));
    expect(engine.priceHistory({ id, from: 0, to, maxPoints: 2 }).bars).toBeUndefined();
  });
});
