import { describe, expect, it } from 'vitest';
import type { PriceHistory, PriceHistoryRequest } from '../../../protocol/price-history';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { HISTORY_REQUEST_POINTS, OlderHistory, prependOlder } from './older-history';
import { PRICE, SeriesStore } from './series-store';

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
