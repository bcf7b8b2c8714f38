import { describe, expect, it } from 'vitest';
import type { Tick } from '../protocol/feed';
import { book, conflate, matchTick as match, quote } from '../test-support/conflation-ticks';
import { Conflator } from './conflation';

describe('what a conflator holds', () => {
  it('says whether anything is pending, per instrument and in all, through take, clear and clearAll', () => {
    const c = new Conflator(3);
    expect(c.empty).toBe(true);
    c.add(0, quote(1, 10));
    c.add(2, quote(1, 20));
    expect(c.empty).toBe(false);
    expect([c.has(0), c.has(1), c.has(2)]).toEqual([true, false, true]);

    // Nothing pending for instrument 1: taking or clearing it changes nothing.
    const out: Tick[] = [];
    c.take(1, out);
    c.clear(1);
    expect(out).toEqual([]);
    c.take(0, out);
    expect(out).toEqual([quote(1, 10)]);
    expect(c.empty).toBe(false);
    c.take(2, out);
    expect(c.empty).toBe(true);

    c.add(0, quote(2, 11));
    c.add(1, quote(1, 12));
    c.clearAll();
    expect(c.empty).toBe(true);
    expect([c.has(0), c.has(1)]).toEqual([false, false]);
    c.take(0, out);
    expect(out).toHaveLength(2);
    // Counting starts afresh after clearAll: one window pending, then none.
    c.add(1, quote(3, 13));
    expect(c.empty).toBe(false);
    c.take(1, out);
    expect(c.empty).toBe(true);
  });
});

describe('conflating book and sports ticks at the edges', () => {
  it('orders a merged book best first, whatever order its prices came in', () => {
    const out = conflate([
      book(1, [[9, 10]], [[12, 10]]),
      book(
        2,
        [
          [8, 20],
          [10, 30],
        ],
        [
          [13, 20],
          [11, 30],
        ],
      ),
    ]);
    expect(out).toEqual([
      {
        instrument: 'A',
        seq: 2,
        ts: 2,
        kind: 'book',
        bids: [
          [10, 30],
          [9, 10],
          [8, 20],
        ],
        asks: [
          [11, 30],
          [12, 10],
          [13, 20],
        ],
        conflated: 2,
      },
    ]);
  });

  it('starts over at a whole book that arrives mid-window, keeping the changes after it', () => {
    const out = conflate([
      book(1, [[10, 5]], [[11, 5]]),
      book(2, [[9, 7]], [[12, 7]], true),
      book(3, [[8, 4]], [[12, 0]]),
    ]);
    expect(out).toEqual([
      {
        instrument: 'A',
        seq: 3,
        ts: 3,
        kind: 'book',
        bids: [
          [9, 7],
          [8, 4],
        ],
        asks: [],
        full: true,
        conflated: 3,
      },
    ]);
  });

  it('passes consecutive scores and incidents one by one', () => {
    const goal = (seq: number, team: 'home' | 'away') =>
      match(seq, { kind: 'incident', type: 'goal', team, clockMs: seq * 1000 });
    const ticks = [
      goal(1, 'home'),
      goal(2, 'away'),
      match(3, { kind: 'score', home: 1, away: 0 }),
      match(4, { kind: 'score', home: 1, away: 1 }),
    ];
    expect(conflate(ticks)).toEqual(ticks);
  });
});
