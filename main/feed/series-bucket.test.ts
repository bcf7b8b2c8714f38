import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../shared/columnar-ring';
import { MarketColumns, VERSION } from './market-state-columns';
import {
  SERIES_BUCKET_MS,
  SERIES_WIDE_BUCKET_MS,
  addPoint,
  pushFirst,
  sealBucket,
} from './series-bucket';
import { RingLog } from './ring-log';

const T = 1_700_000_000_000 - (1_700_000_000_000 % SERIES_WIDE_BUCKET_MS);
const W = SERIES_BUCKET_MS;

function market() {
  const columns = new MarketColumns();
  const log = new RingLog(2, 16);
  const owner = { logHead: -1, seriesRing: new ColumnarRing(64, 2) };
  /** The ring as a reader sees it: the log's points moved in first. */
  const ring = () => {
    log.drain(owner, owner.seriesRing);
    return owner.seriesRing;
  };
  return { d: columns.data, b: columns.add(), log, owner, ring };
}

describe('series buckets', () => {
  it('leaves a bucket of one point out of the series until it is sealed, and reports no change', () => {
    const { d, b, log, owner, ring } = market();
    addPoint(d, b, log, owner, W, T, 10);
    expect(ring().length).toBe(0);
    expect(sealBucket(d, b, log, owner)).toBe(false);
    expect(ring().slice(1, 0)).toEqual([10]);
    expect(d[b + VERSION]).toBe(0);
    expect(sealBucket(d, b, log, owner)).toBe(false); // nothing open any more
    expect(ring().length).toBe(1);
  });

  it('writes the first point with the second, then low, high and last in order when sealed', () => {
    const { d, b, log, owner, ring } = market();
    for (const [dt, p] of [
      [0, 10],
      [1, 12],
      [2, 8],
      [3, 11],
    ] as const)
      addPoint(d, b, log, owner, W, T + dt, p);
    expect(ring().slice(1, 0)).toEqual([10]);
    expect(sealBucket(d, b, log, owner)).toBe(true);
    expect(ring().slice(1, 0)).toEqual([10, 12, 8, 11]);
    expect(ring().slice(0, 0)).toEqual([T, T + 1, T + 2, T + 3]);
    expect(d[b + VERSION]).toBe(1);
  });

  it('puts a pending first point in once, however often it is asked to', () => {
    const { d, b, log, owner, ring } = market();
    addPoint(d, b, log, owner, W, T, 10);
    pushFirst(d, b, log, owner);
    pushFirst(d, b, log, owner);
    addPoint(d, b, log, owner, W, T + 1, 9);
    addPoint(d, b, log, owner, W, T - SERIES_BUCKET_MS, 7); // late: joins the open bucket
    addPoint(d, b, log, owner, W, T + SERIES_BUCKET_MS, 11); // seals it, opens the next
    expect(ring().slice(1, 0)).toEqual([10, 7]);
    sealBucket(d, b, log, owner);
    expect(ring().slice(1, 0)).toEqual([10, 7, 11]);
  });

  it('keeps first, low, high and last of a wide bucket, however many points it took', () => {
    const { d, b, log, owner, ring } = market();
    const wide = SERIES_WIDE_BUCKET_MS;
    // Ten points a second, as an instrument of 5,000 ticks: one bucket of ten, four rows.
    const prices = [10, 11, 9, 12, 8, 10.5, 11.5, 9.5, 10, 10.2];
    prices.forEach((p, k) => addPoint(d, b, log, owner, wide, T + k * 100, p));
    expect(sealBucket(d, b, log, owner)).toBe(true);
    expect(ring().slice(1, 0)).toEqual([10, 12, 8, 10.2]);
    expect(ring().slice(0, 0)).toEqual([T, T + 300, T + 400, T + 900]);
    // The next second opens a bucket of its own.
    addPoint(d, b, log, owner, wide, T + wide, 7);
    addPoint(d, b, log, owner, wide, T + wide + 1, 7.5);
    sealBucket(d, b, log, owner);
    expect(ring().slice(1, 0)).toEqual([10, 12, 8, 10.2, 7, 7.5]);
  });
});
