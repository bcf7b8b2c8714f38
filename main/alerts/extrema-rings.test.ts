import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtremaRings } from './extrema-rings';

const WINDOWS_MS = [100, 1_000];

describe('ExtremaRings', () => {
  it('keeps several rings in one array apart while they grow and move, as a rescan would', () => {
    const steps = fc.array(
      fc.record({
        ring: fc.integer({ min: 0, max: 2 }),
        dt: fc.constantFrom(0, 10, 100),
        v: fc.integer({ min: 1, max: 50 }),
      }),
      { minLength: 1, maxLength: 600 },
    );
    fc.assert(
      fc.property(steps, (pushes) => {
        const rings = new ExtremaRings();
        const keeps = ['max', 'min', 'max'] as const;
        const at = keeps.map((keep) => {
          let o = rings.create(keep);
          for (const ms of WINDOWS_MS) o = rings.addWindow(o, ms);
          return o;
        });
        const seen: [number, number][][] = [[], [], []];
        const ts = [0, 0, 0];
        for (const { ring, dt, v } of pushes) {
          ts[ring]! += dt;
          seen[ring]!.push([ts[ring]!, v]);
          at[ring] = rings.push(at[ring]!, ts[ring]!, v);
          WINDOWS_MS.forEach((ms, k) => {
            const inside = seen[ring]!.filter(([t]) => t >= ts[ring]! - ms).map(([, x]) => x);
            const want = keeps[ring] === 'max' ? Math.max(...inside) : Math.min(...inside);
            expect(rings.value(at[ring]!, k)).toBe(want);
          });
        }
      }),
      { numRuns: 100, seed: 91 },
    );
  });

  it('gives a released region to the next ring of its size, with nothing of the old one', () => {
    const rings = new ExtremaRings();
    const first = rings.create('max');
    // Adding a window moves the ring to a new region and gives the first one back.
    let old = rings.addWindow(first, 1_000);
    for (let i = 0; i < 10; i++) old = rings.push(old, i, 100 - i);
    rings.setThreshold(old, 0, 5);
    rings.release(old);
    let next = rings.create('max');
    next = rings.addWindow(next, 1_000);
    expect([first, old]).toContain(next);
    expect(rings.leastThreshold(next)).toBe(Infinity);
    // The old ring's high (100) would make this a 99 % fall if any of it were left.
    expect(rings.mayReach(rings.push(next, 20, 1), 1)).toBe(false);
    expect(rings.value(next, 0)).toBe(1);
  });
});
