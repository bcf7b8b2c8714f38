import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { formatTime } from '../state/format';
import { barReadout, indexAtOrBefore, oddsReadout, priceReadout } from './readout';

const T = Date.UTC(2026, 11, 3, 9, 30);

function prices(points: [number, number][]): ColumnarRing {
  const r = new ColumnarRing(64, 2);
  for (const [t, p] of points) r.push(T + t, p);
  return r;
}

describe('readout', () => {
  it('reads the last point at or before the time, as the line shows it', () => {
    const r = prices([
      [0, 101.2],
      [1000, 101.25],
      [1000, 101.3],
      [3000, 101.1],
    ]);
    expect(indexAtOrBefore(r, T - 1)).toBe(-1);
    expect(indexAtOrBefore(r, T + 1000)).toBe(2);
    expect(indexAtOrBefore(r, T + 2999)).toBe(2);
    const out = priceReadout(r, T + 2500, 3)!;
    expect(out.t).toBe(T + 1000);
    expect(out.value).toBe(101.3);
    expect(out.text).toBe(`${formatTime(T + 1000)}  101.300`);
  });

  it('shows nothing before the first point or over a gap', () => {
    const r = prices([
      [0, 5],
      [1000, NaN],
    ]);
    expect(priceReadout(r, T - 5, 2)).toBeNull();
    expect(priceReadout(r, T + 1500, 2)).toBeNull();
  });

  it('reads a candle as OHLC and volume with the instrument decimals', () => {
    const r = new ColumnarRing(8, 6);
    r.push(T, 10, 12.5, 9.75, 11, 1500);
    expect(barReadout(r, T + 4999, 5000, 2)!.text).toBe(
      `${formatTime(T)}  O 10.00  H 12.50  L 9.75  C 11.00  V 1.5K`,
    );
    expect(barReadout(r, T + 5000, 5000, 2)).toBeNull();
  });

  it('reads the three odds at a match minute', () => {
    const r = new ColumnarRing(8, 4);
    r.push(60_000, 2.1, 3.4, 3.75);
    expect(oddsReadout(r, 90_000)!.text).toBe('1:00  1 2.10  X 3.40  2 3.75');
  });
});
