import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps only the newest rows once full, addressed by absolute index', () => {
    const ring = new RingBuffer(3, 2);
    for (let i = 0; i < 5; i++) ring.push(i, i * 10);
    expect([ring.start, ring.end, ring.length]).toEqual([2, 5, 3]);
    expect(ring.slice(0, 0)).toEqual([2, 3, 4]);
    expect(ring.slice(1, 4)).toEqual([40]);
    expect(ring.last(1)).toBe(40);
  });

  it('holds the same memory after a million rows', () => {
    const ring = new RingBuffer(1024, 2);
    for (let i = 0; i < 1_000_000; i++) ring.push(i, -i);
    expect(ring.length).toBe(1024);
    expect(ring.at(999_999, 1)).toBe(-999_999);
    expect(ring.slice(0, 0)).toHaveLength(1024);
  });

  it('is empty again after clear', () => {
    const ring = new RingBuffer(4, 1);
    ring.push(1);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.last(0)).toBeNaN();
  });
});
