import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles the ceiling per attempt up to the cap, with full jitter', () => {
    const backoff = new Backoff({ baseMs: 100, capMs: 1_000, random: () => 0.999_999 });
    const delays = Array.from({ length: 6 }, () => backoff.next());
    expect(delays).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('by default starts under 250 ms and doubles to a 15 s cap', () => {
    const backoff = new Backoff({ random: () => 0.999_999 });
    const delays = Array.from({ length: 8 }, () => backoff.next());
    expect(delays).toEqual([249, 499, 999, 1_999, 3_999, 7_999, 14_999, 14_999]);
  });

  it('draws each delay uniformly below the ceiling, so clients do not retry in step', () => {
    const draws = [0, 0.5, 0.25];
    const backoff = new Backoff({ baseMs: 100, capMs: 10_000, random: () => draws.shift()! });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([0, 100, 100]);
  });

  it('starts over after a connection stayed live for the stable period', () => {
    let now = 1_700_000_000_000; // a wall clock, as Date.now() reads
    const backoff = new Backoff({
      baseMs: 100,
      stableMs: 5_000,
      random: () => 0.5,
      now: () => now,
    });
    backoff.next();
    backoff.next();
    backoff.live();
    now += 4_999;
    expect(backoff.next()).toBe(200); // flapping connection: keeps climbing
    backoff.live();
    now += 5_000;
    expect(backoff.next()).toBe(50);
    expect(backoff.attempt).toBe(1);
  });
});
