import { describe, expect, it, vi } from 'vitest';
import type { Tick } from '../protocol/feed';
import { IntervalTicks } from './interval-ticks';
import { tickJson, ticksMessageJson } from './tick-json';

/** Fills `interval` with `count` ticks of instruments A and B: quotes, buys, sells and books. */
function fill(interval: IntervalTicks, count: number, priceBase: number): Tick[] {
  interval.ids = ['A', 'B'];
  const ticks: Tick[] = [];
  for (let i = 0; i < count; i++) {
    const index = i % 2;
    const head = { instrument: interval.ids[index]!, seq: i + 1, ts: 1_764_100_000_000 + i };
    const price = priceBase + (i % 100) / 100;
    switch (i % 4) {
      case 0:
        interval.quote(index, head.seq, head.ts, price, price + 0.01, 100 + i, 200 + i);
        ticks.push({
          ...head,
          kind: 'quote',
          bid: price,
          ask: price + 0.01,
          bidSize: 100 + i,
          askSize: 200 + i,
        });
        break;
      case 1:
      case 2: {
        const buy = i % 4 === 1;
        interval.trade(index, head.seq, head.ts, price, 10 + i, buy);
        ticks.push({ ...head, kind: 'trade', price, size: 10 + i, side: buy ? 'buy' : 'sell' });
        break;
      }
      default: {
        const book: Tick = { ...head, kind: 'book', bids: [[price, i]], asks: [] };
        interval.push(book, index);
        ticks.push(book);
      }
    }
  }
  return ticks;
}

describe('IntervalTicks filled tick by tick', () => {
  it('holds more ticks than its first columns, each kind as its object, in the order given', () => {
    const interval = new IntervalTicks();
    const ticks = fill(interval, 3000, 100);
    expect(interval.length).toBe(3000);
    expect(interval.ticks).toEqual(ticks);
    expect(interval.frameFor('*', () => true)!.toString()).toBe(
      ticksMessageJson(ticks.map(tickJson)),
    );
  });

  it('starts empty again on reset, with the ticks and frames of the next interval only', () => {
    const interval = new IntervalTicks();
    fill(interval, 50, 100);
    expect(interval.frameFor('B', (index) => index === 1)).not.toBeNull();
    expect(interval.frameFor('none', () => false)).toBeNull();
    interval.reset();
    expect(interval.length).toBe(0);
    expect(interval.ticks).toEqual([]);
    expect(interval.frameFor('B', (index) => index === 1)).toBeNull();
    interval.reset();
    const next = fill(interval, 5, 200);
    expect(interval.ticks).toEqual(next);
    expect(interval.frameFor('*', () => true)!.toString()).toBe(
      ticksMessageJson(next.map(tickJson)),
    );
  });

  it("keeps a large frame's bytes while a socket holds it, and reuses its memory once let go", () => {
    const interval = new IntervalTicks();
    fill(interval, 3000, 100);
    const held = interval.frameFor('*', () => true)!;
    const text = held.toString();
    expect(held.length).toBeGreaterThan(64 * 1024);
    const release = interval.holdFrame(held);
    expect(release).toBeTypeOf('function');

    interval.reset();
    fill(interval, 3000, 500);
    const second = interval.frameFor('*', () => true)!;
    expect(held.toString()).toBe(text);
    expect(second.buffer).not.toBe(held.buffer);

    release!();
    interval.reset();
    interval.reset();
    fill(interval, 3000, 700);
    const third = interval.frameFor('*', () => true)!;
    // The held frame was let go first, so its buffer is the first free one that fits.
    expect(third.buffer).toBe(held.buffer);
  });

  it('writes a sports tick once, however many messages hold it', () => {
    const interval = new IntervalTicks();
    const ticks = fill(interval, 8, 100);
    const odds: Tick = { instrument: 'B', seq: 9, ts: 9, kind: 'odds', home: 2, draw: 3, away: 4 };
    interval.push(odds, 1);
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const all = interval.frameFor('*', () => true)!.toString();
      const onlyB = interval.frameFor('B', (index) => index === 1)!.toString();
      expect(stringify).toHaveBeenCalledTimes(1);
      stringify.mockRestore();
      expect(all).toBe(ticksMessageJson([...ticks, odds].map(tickJson)));
      expect(onlyB).toBe(
        ticksMessageJson([...ticks.filter((t) => t.instrument === 'B'), odds].map(tickJson)),
      );
    } finally {
      stringify.mockRestore();
    }
  });

  it('asks no socket to hold a small frame', () => {
    const interval = new IntervalTicks();
    fill(interval, 4, 100);
    expect(interval.holdFrame(interval.frameFor('*', () => true)!)).toBeUndefined();
  });
});
