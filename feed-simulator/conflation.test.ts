import { describe, expect, it } from 'vitest';
import type { Tick } from '../protocol/feed';
import { book, conflate, quote, trade } from '../test-support/conflation-ticks';
import { Conflator } from './conflation';

describe('conflation', () => {
  it('keeps the latest quote and aggregates every trade, ordered by the seq each carries', () => {
    const out = conflate([
      quote(11, 10),
      trade(12, 11, 100),
      quote(13, 12),
      trade(14, 13, 50, 'sell'),
      trade(15, 9, 25),
    ]);
    expect(out).toEqual([
      { ...quote(13, 12), conflated: 3 },
      { ...trade(15, 9, 175), count: 3, high: 13, low: 9, conflated: 2 },
    ]);
  });

  it('puts the quote last when the window ends with a quote', () => {
    const out = conflate([trade(1, 5, 10), quote(2, 4), quote(3, 6)]);
    expect(out.map((t) => [t.kind, t.seq, t.conflated ?? 1])).toEqual([
      ['trade', 1, 1],
      ['quote', 3, 2],
    ]);
  });

  it('passes a lone tick through untouched', () => {
    const q = quote(7, 1);
    expect(conflate([q])[0]).toBe(q);
  });

  it('keeps the continuity rule across windows and the totals of the full stream', () => {
    const c = new Conflator(1);
    const all: Tick[] = [];
    const out: Tick[] = [];
    for (let seq = 1; seq <= 1000; seq++) {
      const t =
        seq % 3 === 0 ? trade(seq, 100 + (seq % 7), (seq % 11) + 1) : quote(seq, 100 + (seq % 5));
      all.push(t);
      c.add(0, t);
      if (seq % 17 === 0) c.take(0, out);
    }
    c.take(0, out);
    let prev = 0;
    for (const t of out) {
      expect(t.seq).toBe(prev + (t.conflated ?? 1));
      prev = t.seq;
    }
    const volume = (ticks: Tick[]) =>
      ticks.reduce((v, t) => v + (t.kind === 'trade' ? t.size : 0), 0);
    const trades = (ticks: Tick[]) =>
      ticks.reduce((v, t) => v + (t.kind === 'trade' ? (t.count ?? 1) : 0), 0);
    expect(volume(out)).toBe(volume(all));
    expect(trades(out)).toBe(trades(all));
    expect(out.filter((t) => t.kind === 'quote').at(-1)).toMatchObject({
      bid: (all.filter((t) => t.kind === 'quote').at(-1) as { bid: number }).bid,
    });
  });

  it('collapses consecutive clock and odds ticks but never drops a score or an incident', () => {
    const m = (seq: number, fields: object): Tick =>
      ({ instrument: 'm1', seq, ts: seq, ...fields }) as Tick;
    const out = conflate([
      m(1, { kind: 'clock', clockMs: 1000, running: true }),
      m(2, { kind: 'clock', clockMs: 2000, running: true }),
      m(3, { kind: 'incident', type: 'goal', team: 'home', clockMs: 2100 }),
      m(4, { kind: 'score', home: 1, away: 0 }),
      m(5, { kind: 'odds', home: 1.5, draw: 4, away: 6 }),
      m(6, { kind: 'odds', home: 1.4, draw: 4.2, away: 7 }),
    ]);
    expect(out.map((t) => [t.kind, t.seq, t.conflated ?? 1])).toEqual([
      ['clock', 2, 2],
      ['incident', 3, 1],
      ['score', 4, 1],
      ['odds', 6, 2],
    ]);
    expect(out[3]).toMatchObject({ home: 1.4, away: 7 });
  });

  it('keeps the running high and low of a window whose extremes are neither first nor last', () => {
    const out = conflate([trade(1, 10, 1), trade(2, 15, 1), trade(3, 12, 1), trade(4, 7, 1)]);
    expect(out).toEqual([{ ...trade(4, 7, 4), count: 4, high: 15, low: 7, conflated: 4 }]);
    const rising = conflate([trade(5, 10, 1), trade(6, 6, 1), trade(7, 8, 1), trade(8, 9, 1)]);
    expect(rising[0]).toMatchObject({ price: 9, high: 10, low: 6, count: 4 });
  });

  it('merges already-conflated trades: their own high, low and count carry through', () => {
    const first = { ...trade(3, 100, 5), count: 3, high: 104, low: 99, conflated: 3 };
    const second = { ...trade(5, 101, 2), count: 2, high: 102, low: 97, conflated: 2 };
    expect(conflate([first, second])).toEqual([
      { ...trade(5, 101, 7), count: 5, high: 104, low: 97, conflated: 5 },
    ]);
  });

  it('collapses three or more clock or odds ticks into one that counts them all', () => {
    const m = (seq: number, fields: object): Tick =>
      ({ instrument: 'm1', seq, ts: seq, ...fields }) as Tick;
    const out = conflate([
      m(1, { kind: 'clock', clockMs: 1000, running: true }),
      m(2, { kind: 'clock', clockMs: 2000, running: true }),
      m(3, { kind: 'clock', clockMs: 3000, running: false }),
      m(4, { kind: 'odds', home: 1.5, draw: 4, away: 6 }),
      m(5, { kind: 'odds', home: 1.4, draw: 4.2, away: 7 }),
      m(6, { kind: 'odds', home: 1.3, draw: 4.4, away: 8 }),
      m(7, { kind: 'odds', home: 1.2, draw: 4.6, away: 9, conflated: 2 }),
    ]);
    expect(out.map((t) => [t.kind, t.seq, t.conflated ?? 1])).toEqual([
      ['clock', 3, 3],
      ['odds', 7, 5],
    ]);
    expect(out[0]).toMatchObject({ clockMs: 3000, running: false });
    expect(out[1]).toMatchObject({ home: 1.2, draw: 4.6, away: 9 });
  });

  it('forgets an instrument on clear', () => {
    const c = new Conflator(2);
    c.add(1, quote(1, 1));
    expect(c.has(1)).toBe(true);
    c.clear(1);
    expect(c.has(1)).toBe(false);
    expect(c.empty).toBe(true);
  });
});

describe('conflating book ticks', () => {
  it('keeps each price latest size in one book tick, in seq order with the quote and trade', () => {
    const out = conflate([
      quote(1, 10),
      book(
        2,
        [
          [10, 100],
          [9, 50],
        ],
        [[11, 200]],
      ),
      trade(3, 11, 5),
      book(
        4,
        [
          [9, 0],
          [8, 70],
        ],
        [[11, 150]],
      ),
    ]);
    expect(out.map((t) => [t.kind, t.seq, t.conflated ?? 1])).toEqual([
      ['quote', 1, 1],
      ['trade', 3, 2],
      ['book', 4, 1],
    ]);
    expect(out[2]).toMatchObject({
      bids: [
        [10, 100],
        [9, 0],
        [8, 70],
      ],
      asks: [[11, 150]],
    });
  });

  it('keeps a whole book whole, with later changes applied and removals dropped', () => {
    const out = conflate([
      book(
        1,
        [
          [10, 100],
          [9, 50],
        ],
        [[11, 200]],
        true,
      ),
      book(
        2,
        [
          [9, 0],
          [8, 70],
        ],
        [[12, 5]],
      ),
    ]);
    expect(out).toEqual([
      {
        instrument: 'A',
        seq: 2,
        ts: 2,
        kind: 'book',
        bids: [
          [10, 100],
          [8, 70],
        ],
        asks: [
          [11, 200],
          [12, 5],
        ],
        full: true,
        conflated: 2,
      },
    ]);
  });
});
