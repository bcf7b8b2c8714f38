import { describe, expect, it } from 'vitest';
import { MinMaxBuckets } from './min-max-buckets';

function feed(b: MinMaxBuckets, pts: [number, number][]) {
  b.begin();
  for (const [t, v] of pts) b.add(t, v);
  b.end();
}

describe('MinMaxBuckets', () => {
  it('reduces each bucket to first, min, max and last, in time order', () => {
    const b = new MinMaxBuckets(10);
    feed(b, [
      [0, 5],
      [2, 9],
      [4, 1],
      [6, 4],
      [10, 3],
    ]);
    expect(b.points).toEqual([
      { x: 0, y: 5 },
      { x: 2, y: 9 },
      { x: 4, y: 1 },
      { x: 6, y: 4 },
      { x: 10, y: 3 },
    ]);
  });

  it('ends on the last price when the last tick shares its millisecond with an extreme', () => {
    const b = new MinMaxBuckets(10);
    feed(b, [
      [0, 5],
      [3, 9],
      [4, 2],
      [4, 6], // same millisecond as the low: still the price the line must end on
    ]);
    expect(b.points.at(-1)).toEqual({ x: 4, y: 6 });
    expect(b.points.map((p) => p.y)).toEqual([5, 9, 2, 6]);
    // Extremes in the first tick's millisecond are kept too; exact repeats are not.
    const same = new MinMaxBuckets(10);
    feed(same, [
      [0, 5],
      [0, 1],
      [0, 5],
      [0, 5],
    ]);
    expect(same.points).toEqual([
      { x: 0, y: 5 },
      { x: 0, y: 1 },
      { x: 0, y: 5 },
    ]);
  });

  it('keeps spikes but not the points between them', () => {
    const b = new MinMaxBuckets(100);
    const pts: [number, number][] = [];
    for (let t = 0; t < 100; t++) pts.push([t, t === 50 ? 99 : 10]);
    feed(b, pts);
    expect(b.points.map((p) => p.y)).toEqual([10, 99, 10]);
  });

  it('rewrites only the open bucket when more points arrive', () => {
    const b = new MinMaxBuckets(10);
    feed(b, [
      [0, 1],
      [5, 2],
    ]);
    expect(b.points).toHaveLength(2);
    feed(b, [[7, 0]]);
    expect(b.points).toEqual([
      { x: 0, y: 1 },
      { x: 5, y: 2 },
      { x: 7, y: 0 },
    ]);
    feed(b, [[12, 3]]);
    expect(b.points.at(-1)).toEqual({ x: 12, y: 3 });
    expect(b.points).toHaveLength(4);
  });

  it('trims old points in chunks, keeping one left of the cut', () => {
    const b = new MinMaxBuckets(1);
    feed(
      b,
      Array.from({ length: 100 }, (_, i): [number, number] => [i, i]),
    );
    b.trimBefore(50, 10);
    expect(b.points[0]!.x).toBe(49);
    b.trimBefore(52, 10);
    expect(b.points[0]!.x).toBe(49); // fewer than a chunk: left alone
  });

  it('breaks the line where data is missing instead of drawing a move across the hole', () => {
    const b = new MinMaxBuckets(10);
    const ticks: [number, number][] = [];
    for (let t = 0; t <= 2_000; t += 100) ticks.push([t, 100]);
    ticks.push([12_000, 90], [12_100, 91]); // back after 10 s of silence, 10 % lower
    feed(b, ticks);
    const breaks = b.points.filter((p) => Number.isNaN(p.y));
    expect(breaks).toEqual([{ x: 7_000, y: NaN }]);
    const at = b.points.findIndex((p) => Number.isNaN(p.y));
    expect(b.points[at - 1]).toEqual({ x: 2_000, y: 100 });
    expect(b.points[at + 1]).toEqual({ x: 12_000, y: 90 });
  });

  it('does not break a slow instrument at its own pace', () => {
    const b = new MinMaxBuckets(10);
    const ticks: [number, number][] = [];
    for (let t = 0; t <= 60_000; t += 5_000) ticks.push([t, 100 + t / 1_000]);
    feed(b, ticks);
    expect(b.points.some((p) => Number.isNaN(p.y))).toBe(false);
  });
});
