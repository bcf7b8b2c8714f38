import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { randomWalk, referenceSma } from '../../../test-support/indicator-reference';
import { IndicatorTrack } from './indicator-track';

const T0 = Date.UTC(2026, 11, 3, 9);
const MS = 5_000;
const closes = randomWalk(40, 100, 5);

/** A bar ring with one bar per close (o = h = l = c, volume 1). */
function bars(values: readonly number[]): ColumnarRing {
  const r = new ColumnarRing(64, 6);
  values.forEach((c, i) => r.push(T0 + i * MS, c, c, c, c, 1));
  return r;
}

const smaLine = (track: IndicatorTrack) => track.tracked[0]!.lines[0]!;

describe('IndicatorTrack', () => {
  it('draws each bar at its middle, with the spreadsheet SMA', () => {
    const track = new IndicatorTrack([{ kind: 'sma', period: 3 }], MS, 100);
    track.update(bars(closes));
    const line = smaLine(track);
    expect(line.map((p) => p.x)).toEqual(closes.map((_, i) => T0 + i * MS + MS / 2));
    const ref = referenceSma(closes, 3);
    line.forEach((p, i) =>
      Number.isNaN(ref[i]) ? expect(p.y).toBeNaN() : expect(p.y).toBeCloseTo(ref[i]!, 9),
    );
  });

  it('re-reads the bar still forming, and folds it in once a newer bar opens', () => {
    const ring = bars(closes.slice(0, 10));
    const track = new IndicatorTrack([{ kind: 'sma', period: 3 }], MS, 100);
    track.update(ring);
    ring.setLast(4, 200); // the forming bar's close moves
    track.update(ring);
    expect(smaLine(track)).toHaveLength(10);
    expect(smaLine(track).at(-1)!.y).toBeCloseTo((closes[7]! + closes[8]! + 200) / 3, 9);
    ring.push(T0 + 10 * MS, 201, 201, 201, 201, 1);
    track.update(ring);
    expect(smaLine(track)).toHaveLength(11);
    expect(smaLine(track).at(-1)!.y).toBeCloseTo((closes[8]! + 200 + 201) / 3, 9);
  });

  it('starts over from what the ring holds after a snapshot (clear) or a seek back', () => {
    const ring = bars(closes.slice(0, 20));
    const track = new IndicatorTrack([{ kind: 'ema', period: 4 }], MS, 100);
    track.update(ring);
    ring.clear();
    closes.slice(20, 30).forEach((c, i) => ring.push(T0 + i * MS, c, c, c, c, 1));
    track.update(ring);
    const fresh = new IndicatorTrack([{ kind: 'ema', period: 4 }], MS, 100);
    fresh.update(bars(closes.slice(20, 30)));
    expect(track.tracked[0]!.lines[0]).toEqual(fresh.tracked[0]!.lines[0]);
    // A replay seek drops the newest bars without a new generation.
    ring.dropAfter(0, T0 + 4 * MS);
    track.update(ring);
    const seek = new IndicatorTrack([{ kind: 'ema', period: 4 }], MS, 100);
    seek.update(bars(closes.slice(20, 25)));
    expect(track.tracked[0]!.lines[0]).toEqual(seek.tracked[0]!.lines[0]);
  });

  it('keeps a bounded number of points per line', () => {
    const ring = new ColumnarRing(4096, 6);
    const track = new IndicatorTrack([{ kind: 'sma', period: 2 }], MS, 100);
    for (let i = 0; i < 3000; i++) {
      ring.push(T0 + i * MS, i, i, i, i, 1);
      track.update(ring);
    }
    expect(smaLine(track).length).toBeLessThanOrEqual(100 + 256 + 1);
    expect(smaLine(track).at(-1)!.y).toBe(2998.5);
  });
});
