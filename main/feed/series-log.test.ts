import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../shared/columnar-ring';
import { SeriesLog } from './series-log';

const owner = (capacity = 64) => ({ logHead: -1, seriesRing: new ColumnarRing(capacity, 2) });

describe('series log', () => {
  it("moves one market's points into its ring in order, leaving the others' in the log", () => {
    const log = new SeriesLog(8);
    const [a, b] = [owner(), owner()];
    log.append(a, 1, 10);
    log.append(b, 1, 20);
    log.append(a, 2, 11);
    log.drain(a);
    expect(a.seriesRing.slice(0, 0)).toEqual([1, 2]);
    expect(a.seriesRing.slice(1, 0)).toEqual([10, 11]);
    expect(b.seriesRing.length).toBe(0);
    log.append(a, 3, 12);
    log.drain(a);
    log.drain(a); // nothing left: no point twice
    expect(a.seriesRing.slice(1, 0)).toEqual([10, 11, 12]);
    log.drain(b);
    expect(b.seriesRing.slice(1, 0)).toEqual([20]);
  });

  it("moves every market's points into the rings when full, then takes more", () => {
    const log = new SeriesLog(4);
    const [a, b] = [owner(), owner()];
    for (let t = 0; t < 6; t++) log.append(t % 2 === 0 ? a : b, t, 100 + t);
    // The fifth point found the log full: the first four went to their rings.
    expect(a.seriesRing.slice(0, 0)).toEqual([0, 2]);
    expect(b.seriesRing.slice(0, 0)).toEqual([1, 3]);
    log.drainAll();
    expect(a.seriesRing.slice(1, 0)).toEqual([100, 102, 104]);
    expect(b.seriesRing.slice(1, 0)).toEqual([101, 103, 105]);
    expect(log.appended).toBe(6);
  });

  it("keeps a ring's newest points when more arrive than it holds", () => {
    const log = new SeriesLog(16);
    const a = owner(3);
    for (let t = 0; t < 5; t++) log.append(a, t, t);
    log.drain(a);
    expect(a.seriesRing.slice(0, 0)).toEqual([2, 3, 4]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new SeriesLog(0)).toThrow(/series log capacity must be a positive integer, got 0/);
  });
});
