import { describe, expect, it } from 'vitest';
import { ColumnarRing } from '../../shared/columnar-ring';
import { RingLog } from './ring-log';

const owner = (capacity = 64) => ({ logHead: -1, ring: new ColumnarRing(capacity, 2) });
type Owner = ReturnType<typeof owner>;
const append = (log: RingLog, o: Owner, t: number, price: number) =>
  log.copy(o, o.ring, Float64Array.of(t, price), 0);
const drain = (log: RingLog, o: Owner) => log.drain(o, o.ring);

describe('ring log', () => {
  it("moves one market's points into its ring in order, leaving the others' in the log", () => {
    const log = new RingLog(2, 8);
    const [a, b] = [owner(), owner()];
    append(log, a, 1, 10);
    append(log, b, 1, 20);
    append(log, a, 2, 11);
    drain(log, a);
    expect(a.ring.slice(0, 0)).toEqual([1, 2]);
    expect(a.ring.slice(1, 0)).toEqual([10, 11]);
    expect(b.ring.length).toBe(0);
    append(log, a, 3, 12);
    drain(log, a);
    drain(log, a); // nothing left: no point twice
    expect(a.ring.slice(1, 0)).toEqual([10, 11, 12]);
    drain(log, b);
    expect(b.ring.slice(1, 0)).toEqual([20]);
  });

  it("moves every market's points into the rings when full, then takes more", () => {
    const log = new RingLog(2, 4);
    const [a, b] = [owner(), owner()];
    for (let t = 0; t < 6; t++) append(log, t % 2 === 0 ? a : b, t, 100 + t);
    // The fifth point found the log full: the first four went to their rings.
    expect(a.ring.slice(0, 0)).toEqual([0, 2]);
    expect(b.ring.slice(0, 0)).toEqual([1, 3]);
    log.drainAll();
    expect(a.ring.slice(1, 0)).toEqual([100, 102, 104]);
    expect(b.ring.slice(1, 0)).toEqual([101, 103, 105]);
    expect(log.appended).toBe(6);
  });

  it("keeps a ring's newest points when more arrive than it holds", () => {
    const log = new RingLog(2, 16);
    const a = owner(3);
    for (let t = 0; t < 5; t++) append(log, a, t, t);
    drain(log, a);
    expect(a.ring.slice(0, 0)).toEqual([2, 3, 4]);
  });

  it('carries every column a ring has, up to six', () => {
    const log = new RingLog(6, 2);
    const o = { logHead: -1, ring: new ColumnarRing(8, 6) };
    for (let i = 0; i < 3; i++)
      log.copy(o, o.ring, Float64Array.of(-1, i, i + 1, i + 2, i + 3, i + 4, i + 5), 1);
    log.drain(o, o.ring);
    expect([0, 1, 2, 3, 4, 5].map((c) => o.ring.slice(c, 0))).toEqual(
      [0, 1, 2, 3, 4, 5].map((c) => [c, c + 1, c + 2]),
    );
  });

  it("refuses to drain into a ring whose columns are not the log rows' columns", () => {
    const log = new RingLog(2, 4);
    const o = { logHead: -1, ring: new ColumnarRing(8, 3) };
    log.copy(o, o.ring, Float64Array.of(1, 2), 0);
    expect(() => log.drain(o, o.ring)).toThrow(/a ring of 3 columns drained from a log of 2/);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingLog(2, 0)).toThrow(/ring log capacity must be a positive integer, got 0/);
    expect(() => new RingLog(7)).toThrow(/ring log columns must be 1 to 6, got 7/);
  });
});
