import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SumWindows } from './sum-windows';

const WINDOWS_MS = [0, 100, 250, 1_000];

/** The sizes inside `windowMs` of the newest, added oldest first from 0: the definition. */
function windowSum(seen: readonly (readonly [number, number])[], windowMs: number): number {
  const now = seen.at(-1)![0];
  let sum = 0;
  for (const [ts, size] of seen) if (ts >= now - windowMs) sum += size;
  return sum;
}

/**
 * Pushes with time that never goes back (the evaluator's clock), often on a window's edge; the
 * sums are asked for after about one push in four, so cursors lag and the ring fills between.
 */
function pushes(size: fc.Arbitrary<number>) {
  return fc.array(
    fc.record({
      dt: fc.constantFrom(0, 50, 100, 150, 250),
      size,
      ask: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    }),
    { minLength: 1, maxLength: 400 },
  );
}

const SIZES: Record<string, fc.Arbitrary<number>> = {
  whole: fc.integer({ min: 0, max: 50 }),
  // Tenths add with rounding (0.1 + 0.2 > 0.3), so the order of additions shows in the last bits.
  tenths: fc.integer({ min: 0, max: 500 }).map((n) => n / 10),
  'whole and fractional': fc.oneof(
    fc.integer({ min: 0, max: 50 }),
    fc.double({ min: 0, max: 1e6, noNaN: true }).map(Math.abs),
  ),
  // Past 2^53 whole numbers round too.
  'whole past 2^53': fc.constantFrom(1, 3, 2 ** 52, 2 ** 53 + 2),
};

describe('SumWindows', () => {
  for (const [name, size] of Object.entries(SIZES))
    it(`sums every window length as the definition adds it, to the last bit (${name} sizes)`, () => {
      fc.assert(
        fc.property(pushes(size), (steps) => {
          const sums = new SumWindows();
          for (const ms of WINDOWS_MS) sums.addWindow(ms);
          const seen: [number, number][] = [];
          let ts = 0;
          for (const step of steps) {
            ts += step.dt;
            seen.push([ts, step.size]);
            sums.push(ts, step.size);
            WINDOWS_MS.forEach((ms, k) => {
              // The bound, read without moving a cursor, is never under the sum.
              expect(sums.bound(k)).toBeGreaterThanOrEqual(windowSum(seen, ms));
              if (step.ask) expect(sums.sum(k)).toBe(windowSum(seen, ms));
            });
          }
          WINDOWS_MS.forEach((ms, k) => expect(sums.sum(k)).toBe(windowSum(seen, ms)));
        }),
        { numRuns: 200, seed: 16 },
      );
    });

  for (const [name, size] of Object.entries(SIZES))
    it(`says after a push whether any window's bound is over its threshold (${name} sizes)`, () => {
      // Thresholds near the sums (whole, fractional, none), changed between pushes as rules
      // fire and re-arm: a push that says false while a window is over would miss a fire.
      const threshold = fc.oneof(
        fc.integer({ min: 0, max: 3_000 }),
        fc.integer({ min: 0, max: 30_000 }).map((n) => n / 10),
        fc.constant(Infinity),
      );
      fc.assert(
        fc.property(
          pushes(size),
          fc.array(fc.tuple(fc.nat(WINDOWS_MS.length - 1), threshold), { maxLength: 400 }),
          (steps, thresholds) => {
            const sums = new SumWindows();
            for (const ms of WINDOWS_MS) sums.addWindow(ms);
            let ts = 0;
            steps.forEach((step, n) => {
              const set = thresholds[n];
              if (set) sums.setThreshold(set[0], set[1]);
              ts += step.dt;
              const over = sums.push(ts, step.size);
              const bounds = WINDOWS_MS.map((_, k) => sums.bound(k) > sums.threshold(k));
              expect(over).toBe(bounds.includes(true));
              if (step.ask) WINDOWS_MS.forEach((_, k) => sums.sum(k));
            });
          },
        ),
        { numRuns: 200, seed: 113 },
      );
    });

  it('keeps every ring exact while many rings push in turn (their trades written out later)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ring: fc.nat(4),
            dt: fc.constantFrom(0, 50, 100, 150, 250),
            size: fc.integer({ min: 0, max: 50 }),
            // Rarely, so the staged trades of all five fill the log between two sums.
            ask: fc.integer({ min: 0, max: 700 }).map((n) => n === 0),
          }),
          { minLength: 1_500, maxLength: 3_000 },
        ),
        (steps) => {
          const rings = Array.from({ length: 5 }, () => new SumWindows());
          for (const sums of rings) for (const ms of WINDOWS_MS) sums.addWindow(ms);
          const seen: [number, number][][] = rings.map(() => []);
          let ts = 0;
          for (const step of steps) {
            ts += step.dt;
            seen[step.ring]!.push([ts, step.size]);
            rings[step.ring]!.push(ts, step.size);
            if (step.ask)
              WINDOWS_MS.forEach((ms, k) =>
                expect(rings[step.ring]!.sum(k)).toBe(windowSum(seen[step.ring]!, ms)),
              );
          }
          rings.forEach((sums, r) => {
            if (seen[r]!.length > 0)
              WINDOWS_MS.forEach((ms, k) => expect(sums.sum(k)).toBe(windowSum(seen[r]!, ms)));
          });
        },
      ),
      { numRuns: 100, seed: 5 },
    );
  });

  it('counts the entries it holds in a window length added after them', () => {
    const sums = new SumWindows();
    sums.addWindow(100);
    sums.push(0, 4);
    sums.push(50, 2);
    const k = sums.addWindow(1_000);
    sums.push(120, 1);
    expect([sums.sum(0), sums.sum(k)]).toEqual([3, 7]);
  });

  it('forgets everything when cleared', () => {
    const sums = new SumWindows();
    sums.addWindow(1_000);
    sums.push(0, 40);
    sums.push(10, 2.5);
    sums.clear();
    sums.push(20, 5);
    expect([sums.bound(0), sums.sum(0)]).toEqual([5, 5]);
  });
});
