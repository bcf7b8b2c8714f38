import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { formatBp, spreadLine } from './spread-line';

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
    const line = spreadLine(kraken, coinbase, { start: 2_000, end: 4_000 }, 1);
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
    expect(ys(spreadLine(a, b, { start: 0, end: 6_000 }, 1))).toEqual([[5_000, 100]]);
  });
});

describe('formatBp', () => {
  it('signs the spread, keeps a tenth below 100 bp and groups whole bp above', () => {
    expect([3.04, -0.25, 0, -0.04, 99.94, 100, -49_200, 50_200.4].map(formatBp)).toEqual([
      '+3.0 bp',
      '−0.3 bp',
      '0.0 bp',
      '0.0 bp',
      '+99.9 bp',
      '+100 bp',
      '−49,200 bp',
      '+50,200 bp',
    ]);
  });
});
