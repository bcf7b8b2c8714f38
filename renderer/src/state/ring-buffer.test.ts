import { describe, expect, it } from 'vitest';
import { INITIAL_RING_CAPACITY, SeriesRing } from './ring-buffer';

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

  it('starts small and doubles as points arrive, keeping every point and index', () => {
    const ring = new SeriesRing(1_000, 2);
    expect(ring.capacity).toBe(INITIAL_RING_CAPACITY);
    for (let i = 0; i < 300; i++) ring.push(i, i * 2);
    expect(ring.capacity).toBe(INITIAL_RING_CAPACITY * 8);
    expect(ring.first).toBe(0);
    for (let i = 0; i < 300; i++) expect(ring.get(1, i)).toBe(i * 2);
  });

  it('stops growing at its maximum and then overwrites the oldest', () => {
    const ring = new SeriesRing(100, 1);
    for (let i = 0; i < 250; i++) ring.push(i);
    expect(ring.capacity).toBe(100);
    expect(ring.length).toBe(100);
    expect(ring.first).toBe(150);
    expect(ring.get(0, 150)).toBe(150);
    expect(ring.last(0)).toBe(249);
  });

  it('a lower maximum keeps the newest points, across the wrap-around', () => {
    const ring = new SeriesRing(128, 1);
    for (let i = 0; i < 200; i++) ring.push(i); // full and wrapped
    ring.setMaxCapacity(10);
    expect(ring.capacity).toBe(10);
    expect(ring.first).toBe(190);
    expect([190, 195, 199].map((i) => ring.get(0, i))).toEqual([190, 195, 199]);
    ring.push(200);
    expect(ring.first).toBe(191);
    expect(ring.last(0)).toBe(200);
  });

  it('a raised maximum lets a wrapped ring grow again without inventing old points', () => {
    const ring = new SeriesRing(64, 1);
    for (let i = 0; i < 100; i++) ring.push(i);
    ring.setMaxCapacity(1_000);
    ring.push(100);
    expect(ring.length).toBe(65);
    expect(ring.first).toBe(36);
    for (let i = 36; i <= 100; i++) expect(ring.get(0, i)).toBe(i);
    expect(ring.lowerBound(0)).toBe(36);
  });

  it('refuses a zero maximum later too', () => {
    expect(() => new SeriesRing(4, 1).setMaxCapacity(0)).toThrow(RangeError);
  });
});
