import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { percentLines } from './compare-lines';

function ring(points: [t: number, price: number][]): ColumnarRing {
  const r = new ColumnarRing(1_000, 2);
  for (const [t, p] of points) r.push(t, p);
  return r;
}

/** The line's points that are not gap markers, rounded to 1e-9. */
const ys = (line: readonly { x: number; y: number }[]) =>
  line.filter((p) => !Number.isNaN(p.y)).map((p) => [p.x, Math.round(p.y * 1e9) / 1e9]);

describe('percentLines', () => {
  it('starts every line at 0 % at the latest first point, and scales by its own price', () => {
    // A at 100 from t=0, B at 50 000 only from t=2 000: the comparison starts at 2 000.
    const a = ring([
      [0, 100],
      [1_000, 101],
      [2_000, 102],
      [3_000, 104.04],
    ]);
    const b = ring([
      [2_000, 50_000],
      [3_000, 51_000],
    ]);
    const lines = percentLines([a, b], 60_000, 1)!;
    expect(lines.range).toEqual({ start: 2_000, end: 3_000 });
    expect(lines.bases).toEqual([102, 50_000]);
    expect(ys(lines.lines[0]!)).toEqual([
      [2_000, 0],
      [3_000, 2],
    ]);
    expect(ys(lines.lines[1]!)).toEqual([
      [2_000, 0],
      [3_000, 2],
    ]);
  });

  it('bases a line on the price in effect at the start when it has no point exactly there', () => {
    const a = ring([
      [0, 200],
      [5_000, 190],
    ]);
    const b = ring([
      [1_000, 10],
      [4_000, 11],
    ]);
    const lines = percentLines([a, b], 60_000, 1)!;
    expect(lines.range.start).toBe(1_000);
    expect(lines.bases).toEqual([200, 10]);
    expect(ys(lines.lines[0]!)).toEqual([
      [1_000, 0],
      [5_000, -5],
    ]);
    expect(ys(lines.lines[1]!)).toEqual([
      [1_000, 0],
      [4_000, 10],
    ]);
  });

  it('compares over the window only, ending at the newest price of any line', () => {
    const a = ring(Array.from({ length: 11 }, (_, i) => [i * 10_000, 100 + i] as [number, number]));
    const b = ring(Array.from({ length: 11 }, (_, i) => [i * 10_000, 10] as [number, number]));
    const lines = percentLines([a, b], 30_000, 1)!;
    expect(lines.range).toEqual({ start: 70_000, end: 100_000 });
    expect(lines.bases).toEqual([107, 10]);
    expect(ys(lines.lines[0]!).at(-1)).toEqual([
      100_000,
      Math.round((110 / 107 - 1) * 100 * 1e9) / 1e9,
    ]);
  });

  it('waits until every instrument has a price', () => {
    expect(percentLines([ring([[0, 1]]), ring([])], 60_000, 1)).toBeUndefined();
    expect(percentLines([], 60_000, 1)).toBeUndefined();
  });
});
