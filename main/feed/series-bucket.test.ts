import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../shared/columnar-ring';
import { MarketColumns, VERSION } from './market-state-columns';
import { SERIES_BUCKET_MS, addPoint, hasUnsealedPoints, sealBucket } from './series-bucket';
import { RingLog } from './ring-log';

const T = 1_700_000_000_000 - (1_700_000_000_000 % SERIES_BUCKET_MS);

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
  it("puts a bucket's first point in the series when it opens; a bucket of one needs no seal", () => {
    const { d, b, log, owner, ring } = market();
    addPoint(d, b, log, owner, 0, T, 10);
    expect(ring().slice(1, 0)).toEqual([10]);
    expect(hasUnsealedPoints(d, b)).toBe(false);
    expect(sealBucket(d, b, log, owner)).toBe(false); // nothing new to report
    expect(d[b + VERSION]).toBe(0);
    expect(ring().length).toBe(1);
  });

  it('ends a bucket of one with the epoch it opened in: a later point of its time opens its own', () => {
    const { d, b, log, owner, ring } = market();
    addPoint(d, b, log, owner, 0, T, 10);
    addPoint(d, b, log, owner, 1, T + 5, 12); // a batch ended the bucket
    addPoint(d, b, log, owner, 1, T + 6, 11);
    addPoint(d, b, log, owner, 1, T + 7, 13);
    expect(sealBucket(d, b, log, owner)).toBe(true);
    // Joined to the first bucket, 11 (its own bucket's low) would lie between 10 and 13: lost.
    expect(ring().slice(1, 0)).toEqual([10, 12, 11, 13]);
  });

  it('lets a point of the same epoch and bucket time join a bucket of one', () => {
    const { d, b, log, owner, ring } = market();
    addPoint(d, b, log, owner, 0, T, 10);
    addPoint(d, b, log, owner, 0, T + 5, 12);
    expect(hasUnsealedPoints(d, b)).toBe(true);
    expect(ring().slice(1, 0)).toEqual([10]);
    expect(sealBucket(d, b, log, owner)).toBe(true);
    expect(hasUnsealedPoints(d, b)).toBe(false);
    expect(ring().slice(1, 0)).toEqual([10, 12]);
  });

  it('writes the first point with the second, then low, high and last in order when sealed', () => {
    const { d, b, log, owner, ring } = market();
    for (const [dt, p] of [
      [0, 10],
      [1, 12],
      [2, 8],
      [3, 11],
    ] as const)
      addPoint(d, b, log, owner, 0, T + dt, p);
    expect(ring().slice(1, 0)).toEqual([10]);
    expect(sealBucket(d, b, log, owner)).toBe(true);
    expect(ring().slice(1, 0)).toEqual([10, 12, 8, 11]);
    expect(ring().slice(0, 0)).toEqual([T, T + 1, T + 2, T + 3]);
    expect(d[b + VERSION]).toBe(1);
  });

  it('writes each point once: a late point joins the open bucket, the next bucket seals it', () => {
    const { d, b, log, owner, ring } = market();
    addPoint(d, b, log, owner, 0, T, 10);
    addPoint(d, b, log, owner, 0, T + 1, 9);
    addPoint(d, b, log, owner, 0, T - SERIES_BUCKET_MS, 7); // late: joins the open bucket
    addPoint(d, b, log, owner, 0, T + SERIES_BUCKET_MS, 11); // seals it, opens the next
    expect(ring().slice(1, 0)).toEqual([10, 7, 11]);
    expect(sealBucket(d, b, log, owner)).toBe(false); // 11 went in when its bucket opened
    expect(ring().slice(1, 0)).toEqual([10, 7, 11]);
  });
});
