import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PriceHistory, PriceHistoryRequest } from '../../../protocol/price-history';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { ChartView } from '../charts/chart-view';
import {
  HISTORY_REQUEST_BARS,
  HISTORY_REQUEST_POINTS,
  MIN_REQUEST_GAP_MS,
  OlderHistory,
  prependOlder,
  prependOlderRows,
} from './older-history';
import { BAR, PRICE, SeriesStore } from './series-store';

function ringOf(capacity: number, t: number[]): ColumnarRing {
  const ring = new ColumnarRing(capacity, 2);
  for (const x of t) ring.push(x, x / 10);
  return ring;
}

const times = (ring: ColumnarRing) => ring.slice(PRICE.t, ring.start);

describe('prependOlder', () => {
  it('puts older points before the held ones, in time order, and drops overlaps', () => {
    const ring = ringOf(10, [50, 60, 70]);
    const generation = ring.generation;
    expect(prependOlder(ring, [20, 30, 40, 50, 60], [2, 3, 4, 5, 6])).toBe(3);
    expect(times(ring)).toEqual([20, 30, 40, 50, 60, 70]);
    expect(ring.slice(PRICE.price, ring.start)).toEqual([2, 3, 4, 5, 6, 7]);
    // Charts see a new generation and draw the ring whole.
    expect(ring.generation).toBe(generation + 1);
  });

  it('never pushes out the live end: only the newest older points that fit go in', () => {
    const ring = ringOf(5, [50, 60, 70]);
    expect(prependOlder(ring, [10, 20, 30, 40], [1, 2, 3, 4])).toBe(2);
    expect(times(ring)).toEqual([30, 40, 50, 60, 70]);
    expect(prependOlder(ring, [1, 2], [1, 2])).toBe(0);
    expect(times(ring)).toEqual([30, 40, 50, 60, 70]);
  });
});

describe('OlderHistory', () => {
  function setUp(reply: (r: PriceHistoryRequest) => PriceHistory) {
    const store = new SeriesStore();
    const ring = store.price('ACME');
    for (let t = 100_000; t <= 160_000; t += 1_000) ring.push(t, t / 1_000);
    const asked: PriceHistoryRequest[] = [];
    const older = new OlderHistory(async (r) => {
      asked.push(r);
      return reply(r);
    }, store);
    return { ring, asked, older };
  }

  it('asks for what lies before the oldest point when the view reaches it, and merges it', async () => {
    const { ring, asked, older } = setUp((r) => ({
      id: r.id,
      t: [40_000, 70_000],
      price: [40, 70],
    }));
    // A view well inside what the page holds asks for nothing.
    await older.viewMoved('ACME', 130_000, 30_000);
    expect(asked).toEqual([]);
    await older.viewMoved('ACME', 100_000, 30_000);
    // Four spans back (two minutes), cut at time 0.
    expect(asked).toEqual([
      { id: 'ACME', from: 0, to: 100_000, maxPoints: HISTORY_REQUEST_POINTS },
    ]);
    expect(times(ring).slice(0, 3)).toEqual([40_000, 70_000, 100_000]);
  });

  it('asks once at a time, and not again at the same point when the engine had nothing', async () => {
    const { asked, older } = setUp((r) => ({ id: r.id, t: [], price: [] }));
    const first = older.viewMoved('ACME', 100_000, 30_000);
    void older.viewMoved('ACME', 100_000, 30_000);
    await first;
    expect(asked).toHaveLength(1);
    await older.viewMoved('ACME', 100_000, 30_000);
    expect(asked).toHaveLength(1);
  });

  it('drops a reply that comes after a reset of the ring', async () => {
    let release: () => void = () => {};
    const store = new SeriesStore();
    const ring = store.price('ACME');
    ring.push(100_000, 1);
    const older = new OlderHistory(
      (r) =>
        new Promise((resolve) => {
          release = () => resolve({ id: r.id, t: [50_000], price: [9] });
        }),
      store,
    );
    const done = older.viewMoved('ACME', 100_000, 30_000);
    ring.clear();
    ring.push(200_000, 2);
    release();
    await done;
    expect(times(ring)).toEqual([200_000]);
  });
});

describe('prependOlderRows', () => {
  it('puts older bars, every column, before the held ones', () => {
    const ring = new ColumnarRing(10, 6);
    ring.push(30, 3, 3, 3, 3, 30);
    const older = [
      [10, 20, 30],
      [1, 2, 9],
      [1.5, 2.5, 9],
      [0.5, 1.5, 9],
      [1.2, 2.2, 9],
      [10, NaN, 9],
    ];
    expect(prependOlderRows(ring, older)).toBe(2);
    expect(ring.slice(BAR.t, ring.start)).toEqual([10, 20, 30]);
    expect(ring.slice(BAR.o, ring.start)).toEqual([1, 2, 3]);
    expect(ring.slice(BAR.c, ring.start)).toEqual([1.2, 2.2, 3]);
    expect(ring.slice(BAR.v, ring.start)).toEqual([10, NaN, 30]);
  });
});

describe('OlderHistory for candles', () => {
  afterEach(() => vi.useRealTimers());

  /** A page holding 5-second bars from 100 s to 160 s, and an engine with bars before them. */
  function setUp(now: () => number = Date.now) {
    const store = new SeriesStore();
    const bars = store.bar('ACME', 5_000);
    for (let t = 100_000; t <= 160_000; t += 5_000) bars.push(t, 1, 2, 0.5, 1.5, 7);
    const asked: PriceHistoryRequest[] = [];
    const older = new OlderHistory(
      async (r) => {
        asked.push(r);
        const t = [80_000, 90_000, 95_000].filter((x) => x >= r.from && x < r.to);
        const bars = {
          t,
          o: t.map(() => 3),
          h: t.map(() => 4),
          l: t.map(() => 2),
          c: t.map(() => 3.5),
        };
        return {
          id: r.id,
          t: [],
          price: [],
          bars: { ...bars, v: t.map((x) => (x < 90_000 ? null : 9)) },
        };
      },
      store,
      now,
    );
    return { store, bars, asked, older };
  }

  it('asks for the bars before the oldest candle, bounded, and merges them; an unknown volume is a gap', async () => {
    const { bars, asked, older } = setUp();
    await older.barsViewMoved('ACME', 5_000, 130_000, 30_000);
    expect(asked).toEqual([]);
    await older.barsViewMoved('ACME', 5_000, 100_000, 30_000);
    expect(asked).toEqual([
      { id: 'ACME', from: 0, to: 100_000, maxPoints: HISTORY_REQUEST_BARS, barIntervalMs: 5_000 },
    ]);
    expect(bars.slice(BAR.t, bars.start).slice(0, 4)).toEqual([80_000, 90_000, 95_000, 100_000]);
    expect(bars.slice(BAR.v, bars.start).slice(0, 4)).toEqual([NaN, 9, 9, 7]);
  });

  it('paces requests while the user pans: one per gap, the latest view sent when it allows', async () => {
    vi.useFakeTimers();
    let now = 0;
    const { asked, older, bars } = setUp(() => now);
    await older.barsViewMoved('ACME', 5_000, 100_000, 30_000);
    expect(asked).toHaveLength(1);
    // The engine's bars went in; the pan goes on at once, to the new oldest bar.
    now += 10;
    await older.barsViewMoved('ACME', 5_000, 80_000, 30_000);
    await older.barsViewMoved('ACME', 5_000, 79_000, 30_000);
    expect(asked).toHaveLength(1);
    now += MIN_REQUEST_GAP_MS;
    await vi.advanceTimersByTimeAsync(MIN_REQUEST_GAP_MS);
    expect(asked).toHaveLength(2);
    expect(asked[1]).toMatchObject({ to: 80_000, barIntervalMs: 5_000 });
    expect(bars.length).toBe(16);
  });

  it('follows a view panned back on both the price line and the candles', async () => {
    const { store, asked, older } = setUp();
    const prices = store.price('ACME');
    for (let t = 100_000; t <= 160_000; t += 1_000) prices.push(t, 1);
    const view = new ChartView();
    const stop = older.watch(
      view,
      'ACME',
      () => prices,
      () => 60_000,
      () => 5_000,
    );
    view.setRange(100_000, 130_000, { live: { start: 100_000, end: 160_000 }, oldest: 100_000 });
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    expect(asked.map((r) => r.barIntervalMs)).toEqual([undefined, 5_000]);
    stop();
  });
});
