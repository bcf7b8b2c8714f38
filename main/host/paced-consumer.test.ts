import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Interest } from '../../protocol/interest';
import type { Batch } from '../../protocol/batch';
import { INTEREST_GAP_MS, pacedConsumer, pacedInterest } from './paced-consumer';

const interest = (n: number): Interest => ({
  rows: [`I${n}`],
  charted: [],
  selected: null,
  others: 'compact',
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('what a page sends back, bounded', () => {
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

  it('forwards an ack only when it acknowledges a batch sent and not yet acknowledged', () => {
    const engineAcks: number[] = [];
    let deliver: (batch: Batch) => void = () => {};
    const page = pacedConsumer(
      (send) => {
        deliver = send;
        return { ack: (seq) => engineAcks.push(seq), declareInterest: vi.fn(), detach: vi.fn() };
      },
      () => {},
    );
    // Nothing sent yet: an ack acknowledges nothing.
    page.ack(1);
    for (const seq of [1, 2, 3]) deliver({ seq } as Batch);
    // A flood of repeats, stale and future seqs: only 2 and then 3 say something new.
    for (let n = 0; n < 10_000; n++) page.ack(n % 2 === 0 ? 2 : 99);
    page.ack(1);
    page.ack(3);
    page.ack(3);
    expect(engineAcks).toEqual([2, 3]);
  });
});
