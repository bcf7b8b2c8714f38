import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { spreadLine } from './spread-line';
import { spreadMeasure } from './spread-unit';

const BP = spreadMeasure('bp', [NaN, NaN]);

function ring(points: [t: number, price: number][]): ColumnarRing {
  const r = new ColumnarRing(1_000, 2);
  for (const [t, p] of points) r.push(t, p);
  return r;
}

const ys = (line: readonly { x: number; y: number }[]) =>
  line.filter((p) => !Number.isNaN(p.y)).map((p) => [p.x, Math.round(p.y * 1e6) / 1e6]);

describe('spreadLine', () => {
  it('gives b over a in basis points, each side at its latest price', () => {
    const kraken = ring([
      [1_000, 50_000],
      [3_000, 50_100],
    ]);
    const coinbase = ring([
      [2_000, 50_015],
      [4_000, 50_100],
    ]);
    const line = spreadLine(kraken, coinbase, { start: 2_000, end: 4_000 }, 1, BP);
    expect(ys(line)).toEqual([
      [2_000, 3], // 50 015 vs 50 000: +3 bp
      [3_000, -16.966068], // 50 015 vs 50 100
      [4_000, 0],
    ]);
  });

  it('draws nothing until both sides have a price, and stops at the range end', () => {
    const a = ring([[5_000, 100]]);
    const b = ring([
      [1_000, 101],
      [9_000, 102],
    ]);
    expect(ys(spreadLine(a, b, { start: 0, end: 6_000 }, 1, BP))).toEqual([[5_000, 100]]);
  });

  it('gives two different instruments the gap of their % moves from the bases, in pp (bug 185)', () => {
    // ACME from 100 to 102 (+2 %), GLBX from 50 to 50.5 (+1 %): GLBX moved 1 pp less. In bp of
    // ACME's price it read −5,049 bp, saying only that GLBX costs about half as much.
    const acme = ring([
      [1_000, 100],
      [3_000, 102],
    ]);
    const glbx = ring([
      [1_000, 50],
      [2_000, 50.5],
    ]);
    const line = spreadLine(
      acme,
      glbx,
      { start: 1_000, end: 3_000 },
      1,
      spreadMeasure('pp', [100, 50]),
    );
    expect(ys(line)).toEqual([
      [1_000, 0],
      [2_000, 1],
      [3_000, -1],
    ]);
  });
});
