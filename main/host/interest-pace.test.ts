import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Interest } from '../../protocol/interest';
import { INTEREST_GAP_MS, pacedInterest } from './interest-pace';

const interest = (n: number): Interest => ({
  rows: [`I${n}`],
  charted: [],
  selected: null,
  others: 'compact',
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("a page's interest, paced", () => {
  it('forwards the first at once, then the newest of a flood once a gap, and the last always', () => {
    const forwarded: Interest[] = [];
    const paced = pacedInterest((i) => forwarded.push(i));
    paced.declare(interest(0));
    expect(forwarded.map((i) => i.rows[0])).toEqual(['I0']);
    // A flood: 10,000 in one gap reach the engine as one, the newest.
    for (let n = 1; n <= 10_000; n++) paced.declare(interest(n));
    expect(forwarded).toHaveLength(1);
    vi.advanceTimersByTime(INTEREST_GAP_MS);
    expect(forwarded.map((i) => i.rows[0])).toEqual(['I0', 'I10000']);
    // Nothing waiting: the gap closes, and the next declaration goes at once.
    vi.advanceTimersByTime(INTEREST_GAP_MS);
    paced.declare(interest(7));
    expect(forwarded.map((i) => i.rows[0])).toEqual(['I0', 'I10000', 'I7']);
  });

  it('forwards nothing after it stops', () => {
    const forward = vi.fn();
    const paced = pacedInterest(forward);
    paced.declare(interest(0));
    paced.declare(interest(1));
    paced.stop();
    vi.advanceTimersByTime(10 * INTEREST_GAP_MS);
    expect(forward).toHaveBeenCalledTimes(1);
  });
});
