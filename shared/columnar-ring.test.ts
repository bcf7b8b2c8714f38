import { describe, expect, it } from 'vitest';
import { ColumnarRing } from './columnar-ring';
import { INITIAL_ROWS } from './ring-memory';

/** Pushes rows numbered from `from` (row i holds i, -i, i / 2) and checks against a model. */
function pushAndCheck(ring: ColumnarRing, from: number, count: number) {
  for (let i = from; i < from + count; i++) {
    ring.push(i, -i, i / 2);
    expect(ring.end).toBe(i + 1);
    expect(ring.length).toBe(Math.min(ring.capacity, ring.end - ring.start));
  }
  expectRows(ring);
}

/** Every row held is the one pushed at its absolute index. */
function expectRows(ring: ColumnarRing) {
  for (let i = ring.start; i < ring.end; i++) {
    expect([ring.at(i, 0), ring.at(i, 1), ring.at(i, 2)]).toEqual([i, -i, i / 2]);
  }
}

describe('ColumnarRing', () => {
  it('keeps only the newest rows once full, addressed by absolute index', () => {
    const ring = new ColumnarRing(3, 2);
    for (let i = 0; i < 5; i++) ring.push(i, i * 10);
    expect([ring.start, ring.end, ring.length]).toEqual([2, 5, 3]);
    expect(ring.slice(0, 0)).toEqual([2, 3, 4]);
    expect(ring.slice(1, 4)).toEqual([40]);
    expect(ring.last(1)).toBe(40);
  });

  it('holds the same memory after a million rows', () => {
    const ring = new ColumnarRing(1024, 2);
    for (let i = 0; i < 1_000_000; i++) ring.push(i, -i);
    expect(ring.length).toBe(1024);
    expect(ring.allocatedRows).toBe(1024);
    expect(ring.at(999_999, 1)).toBe(-999_999);
    expect(ring.slice(0, 0)).toHaveLength(1024);
  });

  it('is empty again after clear', () => {
    const ring = new ColumnarRing(4, 1);
    ring.push(1);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.last(0)).toBeNaN();
  });

  it('allocates a few rows at first and doubles as rows arrive, up to its capacity', () => {
    const ring = new ColumnarRing(100, 3);
    expect(ring.allocatedRows).toBe(INITIAL_ROWS);
    const seen: number[] = [];
    for (let i = 0; i < 150; i++) {
      ring.push(i, -i, i / 2);
      if (seen.at(-1) !== ring.allocatedRows) seen.push(ring.allocatedRows);
    }
    expect(seen).toEqual([16, 32, 64, 100]);
    expect([ring.start, ring.end]).toEqual([50, 150]);
    expectRows(ring);
  });

  it('keeps every row and absolute index across doublings, including from a wrapped ring', () => {
    // Full and wrapped at a capacity that is no power of two, then raised: each doubling
    // moves rows whose slots wrapped around.
    const ring = new ColumnarRing(20, 3);
    pushAndCheck(ring, 0, 57);
    expect([ring.start, ring.allocatedRows]).toEqual([37, 20]);
    ring.setCapacity(300);
    pushAndCheck(ring, 57, 23); // 40 rows: one doubling
    expect([ring.start, ring.length, ring.allocatedRows]).toEqual([37, 43, 80]);
    pushAndCheck(ring, 80, 500); // 80 -> 160 -> 300, then wraps again
    expect([ring.start, ring.end, ring.allocatedRows]).toEqual([280, 580, 300]);
  });

  it('lowering the capacity keeps the newest rows at their absolute indices', () => {
    const ring = new ColumnarRing(64, 3);
    pushAndCheck(ring, 0, 100);
    ring.setCapacity(10);
    expect([ring.start, ring.end, ring.length, ring.allocatedRows]).toEqual([90, 100, 10, 10]);
    expectRows(ring);
    pushAndCheck(ring, 100, 25);
    expect([ring.start, ring.end]).toEqual([115, 125]);
  });

  it('lowering the capacity above the rows held keeps them all', () => {
    const ring = new ColumnarRing(1_000, 3);
    pushAndCheck(ring, 0, 40); // 64 rows allocated
    ring.setCapacity(50);
    expect([ring.start, ring.length, ring.allocatedRows]).toEqual([0, 40, 50]);
    expectRows(ring);
    ring.setCapacity(500); // raising allocates nothing until rows arrive
    expect(ring.allocatedRows).toBe(50);
  });

  it('allocates nothing more once at capacity', () => {
    const ring = new ColumnarRing(32, 2);
    for (let i = 0; i < 32; i++) ring.push(i, i);
    const allocated = ring.allocatedRows;
    for (let i = 0; i < 1_000; i++) ring.push(i, i);
    expect(ring.allocatedRows).toBe(allocated);
  });

  it('drops the rows after a value of a rising column, and writes their indices again', () => {
    const ring = new ColumnarRing(4, 2);
    for (let t = 1; t <= 6; t++) ring.push(t * 10, t); // wrapped: holds t = 30..60
    const version = ring.version;
    ring.dropAfter(0, 45);
    expect(ring.version).toBeGreaterThan(version);
    expect([ring.start, ring.end]).toEqual([2, 4]);
    expect(ring.slice(0, 0)).toEqual([30, 40]);
    const dropped = ring.version;
    ring.push(46, 7);
    expect(ring.version).toBeGreaterThan(dropped);
    expect(ring.slice(1, 0)).toEqual([3, 4, 7]);
    ring.dropAfter(0, 0);
    expect(ring.length).toBe(0);
  });

  it('refuses a capacity below one row and more columns than push takes', () => {
    expect(() => new ColumnarRing(0, 2)).toThrow(RangeError);
    expect(() => new ColumnarRing(8, 7)).toThrow(RangeError);
    expect(() => new ColumnarRing(8, 2).setCapacity(1.5)).toThrow(RangeError);
  });

  it('rewrites the newest row in place (a forming bar) without adding one', () => {
    const ring = new ColumnarRing(4, 2);
    ring.push(1, 10);
    const v = ring.version;
    ring.setLast(1, 11);
    expect([ring.end, ring.last(1)]).toEqual([1, 11]);
    expect(ring.version).toBeGreaterThan(v);
  });

  it('bumps the version on every change and the generation on clear, so readers start over', () => {
    const ring = new ColumnarRing(4, 1);
    const v = ring.version;
    ring.push(1);
    expect(ring.version).toBeGreaterThan(v);
    const g = ring.generation;
    ring.clear();
    expect(ring.generation).toBe(g + 1);
    expect(ring.end).toBe(0);
  });

  it('finds the first row at or after a time, across the wrap-around', () => {
    const ring = new ColumnarRing(4, 1);
    for (const t of [10, 20, 30, 40, 50, 60]) ring.push(t);
    expect(ring.lowerBound(0)).toBe(2); // oldest held is t=30 at index 2
    expect(ring.lowerBound(35)).toBe(3);
    expect(ring.lowerBound(60)).toBe(5);
    expect(ring.lowerBound(61)).toBe(6);
  });

  it('a raised capacity lets a wrapped ring grow again without inventing old rows', () => {
    const ring = new ColumnarRing(64, 1);
    for (let i = 0; i < 100; i++) ring.push(i);
    ring.setCapacity(1_000);
    ring.push(100);
    expect([ring.length, ring.start]).toEqual([65, 36]);
    for (let i = 36; i <= 100; i++) expect(ring.at(i, 0)).toBe(i);
    expect(ring.lowerBound(0)).toBe(36);
  });

  it('copies a row from another array, its own columns only, growing and wrapping as push does', () => {
    const ring = new ColumnarRing(INITIAL_ROWS * 2, 3);
    // Rows of four numbers, as a wider source (a log) may hold them: the fourth is not copied.
    const source = new Float64Array(4 * 100);
    for (let i = 0; i < 100; i++) source.set([i, -i, i / 2, 99], i * 4);
    for (let i = 0; i < 100; i++) {
      ring.pushFrom(source, i * 4);
      expect(ring.end).toBe(i + 1);
    }
    expect([ring.start, ring.length, ring.allocatedRows]).toEqual([
      100 - INITIAL_ROWS * 2,
      INITIAL_ROWS * 2,
      INITIAL_ROWS * 2,
    ]);
    expectRows(ring);
  });
});
