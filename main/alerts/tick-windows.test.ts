import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtremaWindows } from './tick-windows';

const WINDOWS_MS = [0, 100, 250, 1_000];

/** Pushes with time that never goes back (the evaluator's clock), often on a window's edge. */
const pushes = fc.array(
  fc.record({ dt: fc.constantFrom(0, 50, 100, 150, 250), v: fc.integer({ min: -20, max: 20 }) }),
  { minLength: 1, maxLength: 400 },
);

/** The values of the pushes inside `windowMs` of the newest: the definition, rescanned. */
function inWindow(seen: readonly (readonly [number, number])[], windowMs: number): number[] {
  const now = seen.at(-1)![0];
  return seen.filter(([ts]) => ts >= now - windowMs).map(([, v]) => v);
}

describe('ExtremaWindows', () => {
  it('gives the highest and lowest value of every window length, as a rescan would', () => {
    fc.assert(
      fc.property(pushes, (steps) => {
        const highs = new ExtremaWindows('max');
        const lows = new ExtremaWindows('min');
        for (const ms of WINDOWS_MS) {
          highs.addWindow(ms);
          lows.addWindow(ms);
        }
        const seen: [number, number][] = [];
        let ts = 0;
        for (const { dt, v } of steps) {
          ts += dt;
          seen.push([ts, v]);
          highs.push(ts, v);
          lows.push(ts, v);
          WINDOWS_MS.forEach((ms, k) => {
            expect(highs.value(k)).toBe(Math.max(...inWindow(seen, ms)));
            expect(lows.value(k)).toBe(Math.min(...inWindow(seen, ms)));
          });
        }
      }),
      { numRuns: 200, seed: 16 },
    );
  });

  it('grows past its first ring and keeps order, then starts over when cleared', () => {
    const highs = new ExtremaWindows('max');
    highs.addWindow(10_000);
    highs.addWindow(100);
    // Falling values are all kept by a max deque: 1,000 entries, many times the first ring.
    for (let i = 0; i < 1_000; i++) highs.push(i, 1_000 - i);
    expect(highs.value(0)).toBe(1_000);
    expect(highs.value(1)).toBe(1_000 - 899);
    highs.clear();
    highs.push(5_000, -3);
    expect([highs.value(0), highs.value(1)]).toEqual([-3, -3]);
  });

  it('answers for a window length added after values arrived, from the next push on', () => {
    const lows = new ExtremaWindows('min');
    lows.addWindow(1_000);
    for (const [ts, v] of [
      [0, 5],
      [100, 1],
      [200, 7],
    ] as const)
      lows.push(ts, v);
    const k = lows.addWindow(50);
    lows.push(250, 9);
    expect([lows.value(0), lows.value(k)]).toEqual([1, 7]);
  });
  it('gives the same extremes when asked only now and then (cursors move when asked)', () => {
    const steps = fc.array(
      fc.record({
        dt: fc.constantFrom(0, 50, 100, 150, 250),
        v: fc.integer({ min: -20, max: 20 }),
        ask: fc.boolean(),
      }),
      { minLength: 1, maxLength: 400 },
    );
    fc.assert(
      fc.property(steps, (pushed) => {
        const highs = new ExtremaWindows('max');
        const lows = new ExtremaWindows('min');
        for (const ms of WINDOWS_MS) {
          highs.addWindow(ms);
          lows.addWindow(ms);
        }
        const seen: [number, number][] = [];
        let ts = 0;
        for (const { dt, v, ask } of pushed) {
          ts += dt;
          seen.push([ts, v]);
          highs.push(ts, v);
          lows.push(ts, v);
          if (!ask) continue;
          WINDOWS_MS.forEach((ms, k) => {
            expect(highs.value(k)).toBe(Math.max(...inWindow(seen, ms)));
            expect(lows.value(k)).toBe(Math.min(...inWindow(seen, ms)));
          });
        }
      }),
      { numRuns: 200, seed: 16 },
    );
  });

  it('keeps a short window right over many pushes never asked about (a full ring expires first)', () => {
    const highs = new ExtremaWindows('max');
    highs.addWindow(100);
    // Falling values: a max deque keeps them all until they leave the window.
    for (let i = 0; i < 100_000; i++) highs.push(i, 100_000 - i);
    expect(highs.value(0)).toBe(100_000 - 99_999 + 100);
  });

  it('turns a tick away (mayReach false) only when no window can reach its threshold', () => {
    const steps = fc.array(
      fc.record({ dt: fc.constantFrom(0, 50, 100, 250), v: fc.integer({ min: 80, max: 120 }) }),
      { minLength: 1, maxLength: 300 },
    );
    const thresholds = fc.array(fc.double({ min: 0.5, max: 30, noNaN: true }), {
      minLength: WINDOWS_MS.length,
      maxLength: WINDOWS_MS.length,
    });
    let turnedAway = 0;
    fc.assert(
      fc.property(steps, thresholds, fc.boolean(), (pushed, pcts, max) => {
        const windows = new ExtremaWindows(max ? 'max' : 'min');
        WINDOWS_MS.forEach((ms, k) => {
          windows.addWindow(ms);
          windows.setThreshold(k, pcts[k]!);
        });
        expect(windows.leastThreshold()).toBe(Math.min(...pcts));
        let ts = 0;
        for (const { dt, v } of pushed) {
          ts += dt;
          windows.push(ts, v);
          if (windows.mayReach(v)) continue;
          turnedAway++;
          WINDOWS_MS.forEach((_, k) => expect(windows.movePct(k, v)).toBeLessThan(pcts[k]!));
        }
      }),
      { numRuns: 300, seed: 16 },
    );
    // It does turn ticks away (a bound that always says "may" would pass the check above).
    expect(turnedAway).toBeGreaterThan(100);
    const none = new ExtremaWindows('max');
    none.addWindow(1_000);
    none.push(0, 100);
    none.push(1, 1);
    expect(none.mayReach(1)).toBe(false); // no rule on any window: nothing to reach
    none.setThreshold(0, 50);
    expect(none.mayReach(1)).toBe(true); // a 99 % fall
  });
});
