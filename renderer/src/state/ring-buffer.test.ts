import { describe, expect, it } from 'vitest';
import { SeriesRing } from './ring-buffer';

describe('SeriesRing', () => {
  it('keeps the newest `capacity` points and addresses them by absolute index', () => {
    const ring = new SeriesRing(3, 2);
    for (let i = 0; i < 5; i++) ring.push(i * 10, i);
    expect(ring.total).toBe(5);
    expect(ring.length).toBe(3);
    expect(ring.first).toBe(2);
    expect([2, 3, 4].map((i) => ring.get(1, i))).toEqual([2, 3, 4]);
    expect(ring.last(0)).toBe(40);
  });

  it('replaces the newest point in place (a forming bar) without adding one', () => {
    const ring = new SeriesRing(4, 2);
    ring.push(1, 10);
    const v = ring.version;
    ring.replaceLast(1, 11);
    expect(ring.total).toBe(1);
    expect(ring.last(1)).toBe(11);
    expect(ring.version).toBeGreaterThan(v);
  });

  it('clear empties it and bumps the generation so readers start over', () => {
    const ring = new SeriesRing(4, 1);
    ring.push(1);
    const g = ring.generation;
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.generation).toBe(g + 1);
    expect(Number.isNaN(ring.last(0))).toBe(true);
  });

  it('finds the first point at or after a time, across the wrap-around', () => {
    const ring = new SeriesRing(4, 1);
    for (const t of [10, 20, 30, 40, 50, 60]) ring.push(t);
    expect(ring.lowerBound(0)).toBe(2); // oldest held is t=30 at index 2
    expect(ring.lowerBound(35)).toBe(3);
    expect(ring.lowerBound(60)).toBe(5);
    expect(ring.lowerBound(61)).toBe(6);
  });

  it('refuses a zero capacity', () => {
    expect(() => new SeriesRing(0, 1)).toThrow(RangeError);
  });
});
