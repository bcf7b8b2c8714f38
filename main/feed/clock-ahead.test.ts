import { describe, expect, it } from 'vitest';
import { CLOCK_WINDOW_MS, ClockAhead } from './clock-ahead';

const MIN = 60_000;
const stamped =
  (...aheadMs: number[]) =>
  (at: number) =>
    aheadMs.map((a) => ({ ts: at + a }));

/** Feeds one frame a window of the given ticks (each ahead of its arrival by so much). */
function windows(
  clock: ClockAhead,
  from: number,
  count: number,
  ticks: (at: number) => { ts: number }[],
) {
  let at = from;
  for (let i = 0; i < count; i++, at += CLOCK_WINDOW_MS) clock.ticks(ticks(at), at);
  return at;
}

describe('a source clock ahead (bug 258)', () => {
  it('is said once its ticks arrive stamped 5 s ahead or more, to the second', () => {
    const clock = new ClockAhead();
    const at = windows(clock, 1_000, 3, stamped(10 * MIN + 400, 10 * MIN + 900));
    expect(clock.shown(at)).toBe(10 * MIN);
  });

  it('is not said for ticks stamped under 5 s ahead, nor for one stray stamp in a window', () => {
    const clock = new ClockAhead();
    let at = windows(clock, 1_000, 3, stamped(4_000, 4_900));
    expect(clock.shown(at)).toBeNull();
    at = windows(clock, at, 3, stamped(-20, 10 * MIN));
    expect(clock.shown(at)).toBeNull();
  });

  it('does not flap near the threshold: said at 5 s, unsaid only under 2 s', () => {
    const clock = new ClockAhead();
    let at = windows(clock, 1_000, 2, stamped(5_200));
    expect(clock.shown(at)).toBe(5_000);
    at = windows(clock, at, 5, stamped(3_000));
    expect(clock.shown(at)).toBe(3_000);
    at = windows(clock, at, 2, stamped(1_500));
    expect(clock.shown(at)).toBeNull();
    at = windows(clock, at, 2, stamped(4_500));
    expect(clock.shown(at)).toBeNull();
  });

  it('keeps what it knows while no tick comes, and forgets it for a new source', () => {
    const clock = new ClockAhead();
    const at = windows(clock, 1_000, 2, stamped(MIN));
    expect(clock.shown(at + 60_000)).toBe(MIN);
    clock.clear();
    expect(clock.shown(at + 61_000)).toBeNull();
  });
});
