import { describe, expect, it } from 'vitest';
import { startBatchClock, type ClockHost } from './batch-clock';

/**
 * A clock host driven by hand: `fire(lateMs)` runs the pending timer that much after it fell
 * due, as a busy event loop would.
 */
function handClock() {
  let now = 1_000;
  let pending: { run: () => void; due: number } | null = null;
  const delays: number[] = [];
  const host: ClockHost = {
    now: () => now,
    setTimer: (run, delayMs) => {
      delays.push(delayMs);
      const timer = { run, due: now + delayMs };
      pending = timer;
      return () => {
        if (pending === timer) pending = null;
      };
    },
  };
  const fire = (lateMs = 0) => {
    const timer = pending!;
    pending = null;
    now = timer.due + lateMs;
    timer.run();
  };
  return { host, delays, fire, pending: () => pending, advance: (ms: number) => (now += ms) };
}

describe('startBatchClock', () => {
  it('runs on a fixed grid: a late run is followed by the next slot, sooner', () => {
    const c = handClock();
    const ticks: number[] = [];
    startBatchClock(30, () => ticks.push(c.host.now()), c.host);
    c.fire();
    c.fire(12); // the loop was busy for 12 ms when the timer fell due
    c.fire();
    expect(ticks).toEqual([1_030, 1_072, 1_090]);
    expect(c.delays).toEqual([30, 30, 18, 30]);
  });

  it('skips the slots a stalled loop missed instead of running them in a burst', () => {
    const c = handClock();
    let ticks = 0;
    startBatchClock(30, () => ticks++, c.host);
    c.fire(75); // due at 30, ran at 105: slots 60 and 90 went by
    expect(ticks).toBe(1);
    expect(c.delays.at(-1)).toBe(15); // to the slot at 120
  });

  it('keeps 30 a second when every run is late by a part of the interval', () => {
    const c = handClock();
    let ticks = 0;
    startBatchClock(1_000 / 30, () => ticks++, c.host);
    for (let i = 0; i < 300 && c.host.now() < 11_000; i++) c.fire(i % 2 === 0 ? 20 : 5);
    // setInterval would make each gap interval + lateness: about 22 a second.
    expect(ticks).toBeGreaterThanOrEqual(299);
  });

  it('a run that takes longer than the interval is followed by the next free slot', () => {
    const c = handClock();
    let ticks = 0;
    startBatchClock(
      30,
      () => {
        ticks++;
        c.advance(40);
      },
      c.host,
    );
    c.fire();
    expect(ticks).toBe(1);
    expect(c.delays.at(-1)).toBe(20); // ran 30..70; the next slot is 90
  });

  it('keeps its cadence after a run that throws', () => {
    const c = handClock();
    startBatchClock(
      30,
      () => {
        throw new Error('flush failed');
      },
      c.host,
    );
    expect(() => c.fire()).toThrow('flush failed');
    expect(c.pending()).not.toBeNull();
  });

  it('stop() cancels the pending run, also when called from within a run', () => {
    const c = handClock();
    const clock = startBatchClock(30, () => {}, c.host);
    clock.stop();
    expect(c.pending()).toBeNull();
    const c2 = handClock();
    const inner = startBatchClock(30, () => inner.stop(), c2.host);
    c2.fire();
    expect(c2.pending()).toBeNull();
  });

  it('rejects an interval that is not a positive number of ms, naming it', () => {
    for (const bad of [0, -5, NaN, Infinity])
      expect(() => startBatchClock(bad, () => {})).toThrow(/batch interval .* got/);
  });

  it('runs on real timers at its rate', async () => {
    let ticks = 0;
    const clock = startBatchClock(10, () => ticks++);
    await new Promise((r) => setTimeout(r, 105));
    clock.stop();
    const at = ticks;
    await new Promise((r) => setTimeout(r, 30));
    expect(at).toBeGreaterThanOrEqual(3);
    expect(ticks).toBe(at);
  });
});
