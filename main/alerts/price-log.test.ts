import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_ENTRIES } from './alert-row-layout';
import { logStart, writeOut } from './price-log';
import { ExtremaWindows } from './tick-windows';

const WINDOWS_MS = [50, 400];

/** Highs and lows with both window lengths, in one ExtremaRings of their own. */
function windows(): { highs: ExtremaWindows; lows: ExtremaWindows } {
  const highs = new ExtremaWindows('max');
  const lows = new ExtremaWindows('min', highs.rings);
  for (const ms of WINDOWS_MS) {
    highs.addWindow(ms);
    lows.addWindow(ms);
  }
  return { highs, lows };
}

describe('writeOut', () => {
  it('leaves highs and lows as pushing every logged tick one by one would, log after log', () => {
    const ticks = fc.array(
      fc.record({
        dt: fc.constantFrom(0, 1, 10, 100),
        // Few values, so equal ones (popped by a later equal one) are common.
        v: fc.integer({ min: 1, max: 12 }),
        // Where a log is written out before it is full, as a rule that may fire does.
        cut: fc.boolean(),
      }),
      { minLength: 1, maxLength: 400 },
    );
    fc.assert(
      fc.property(ticks, (steps) => {
        const eager = windows();
        const logged = windows();
        const log = new Float64Array(logStart(2));
        // Slot 1: a log that does not start at the array's start.
        const at = logStart(1);
        let count = 0;
        let ts = 0;
        for (const { dt, v, cut } of steps) {
          ts += dt;
          eager.highs.push(ts, v);
          eager.lows.push(ts, v);
          log[at + 2 * count] = ts;
          log[at + 2 * count + 1] = v;
          count++;
          if (count < LOG_ENTRIES && !cut) continue;
          writeOut(logged.highs, log, at, count, 1);
          writeOut(logged.lows, log, at, count, -1);
          count = 0;
          for (let k = 0; k < WINDOWS_MS.length; k++) {
            expect(logged.highs.value(k)).toBe(eager.highs.value(k));
            expect(logged.lows.value(k)).toBe(eager.lows.value(k));
          }
          expect(logged.highs.bound()).toBe(eager.highs.bound());
          expect(logged.lows.bound()).toBe(eager.lows.bound());
        }
      }),
      { numRuns: 300, seed: 182 },
    );
  });

  it('pushes only what a deque would keep of a log: one push for a falling log (each price twice) into the lows', () => {
    const { lows } = windows();
    const log = new Float64Array(logStart(1));
    for (let i = 0; i < 8; i++) {
      log[2 * i] = i;
      log[2 * i + 1] = 16 - (i >> 1);
    }
    const pushed: number[] = [];
    const push = lows.push.bind(lows);
    lows.push = (ts, v) => {
      pushed.push(v);
      push(ts, v);
    };
    writeOut(lows, log, 0, 8, -1);
    expect(pushed).toEqual([13]);
    expect(lows.value(1)).toBe(13);
  });
});
