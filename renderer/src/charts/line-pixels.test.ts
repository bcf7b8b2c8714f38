import { describe, expect, it } from 'vitest';
import { looksSame, snapshotLine } from './line-pixels';
import type { XY } from './streaming';

// A 1000 × 100 px plot of 10 s (10 ms a pixel) over values 100 to 110 (0.1 a pixel).
const W = 1000;
const H = 100;
const line = (last: XY): XY[] => [
  { x: 100, y: 100 },
  { x: 5_000, y: 110 },
  { x: 9_000, y: 105 },
  last,
];

describe('looksSame', () => {
  const drawn = snapshotLine(line({ x: 9_990, y: 105 }), 0, 10_000);

  it('skips a frame whose newest point and window edge moved less than half a pixel', () => {
    const now = snapshotLine(line({ x: 9_994, y: 105.04 }), 4, 10_004);
    expect(looksSame(drawn, now, W, H)).toBe(true);
  });

  it('draws when the newest point moves half a pixel up or down', () => {
    const now = snapshotLine(line({ x: 9_990, y: 105.06 }), 0, 10_000);
    expect(looksSame(drawn, now, W, H)).toBe(false);
  });

  it('draws when the window slides by half a pixel', () => {
    const now = snapshotLine(line({ x: 9_990, y: 105 }), 6, 10_006);
    expect(looksSame(drawn, now, W, H)).toBe(false);
  });

  it('draws when a point is added (a new bucket opened)', () => {
    const now = snapshotLine([...line({ x: 9_990, y: 105 }), { x: 9_991, y: 105 }], 0, 10_000);
    expect(looksSame(drawn, now, W, H)).toBe(false);
  });

  it('draws when the range in the window changes, so the y axis would be refitted', () => {
    // The high at 5 s leaves the window though the edge moved less than half a pixel.
    const peakAtEdge = snapshotLine(
      [{ x: 0, y: 110 }, ...line({ x: 9_990, y: 105 }).slice(2)],
      0,
      10_000,
    );
    const slid = snapshotLine(
      [{ x: 0, y: 110 }, ...line({ x: 9_990, y: 105 }).slice(2)],
      1,
      10_001,
    );
    expect(peakAtEdge.high).toBe(110);
    expect(slid.high).toBe(105);
    expect(looksSame(peakAtEdge, slid, W, H)).toBe(false);
  });

  it('draws when a gap appears or closes at the end of the line', () => {
    const gap = snapshotLine(line({ x: 9_990, y: NaN }), 0, 10_000);
    expect(looksSame(drawn, gap, W, H)).toBe(false);
    expect(looksSame(gap, drawn, W, H)).toBe(false);
    expect(looksSame(gap, gap, W, H)).toBe(true);
  });
});

describe('snapshotLine', () => {
  it('keeps copies of the last points, so folding ticks into them later changes nothing', () => {
    const points = line({ x: 9_990, y: 105 });
    const snap = snapshotLine(points, 0, 10_000);
    points[3]!.y = 109;
    expect(snap.tail.at(-1)).toEqual({ x: 9_990, y: 105 });
    expect(snap).toMatchObject({ length: 4, low: 100, high: 110 });
  });

  it('has no range when no point is in the window', () => {
    expect(snapshotLine(line({ x: 9_990, y: 105 }), 20_000, 30_000)).toMatchObject({
      low: NaN,
      high: NaN,
    });
  });
});
