import { describe, expect, it } from 'vitest';
import type { MarketSnapshotState, Tick } from '../protocol/feed';
import { OrderBook } from '../shared/order-book';
import { IntervalTicks } from './interval-ticks';
import { Simulation } from './simulation';

const CONFIG = {
  seed: 7,
  instruments: 4,
  matches: 0,
  rate: 4_000,
  scenario: 'steady',
  matchDurationMs: 600_000,
  bookLevels: 10,
} as const;

/** Runs `steps` simulated steps; returns every tick, in order. */
function run(sim: Simulation, steps: number): Tick[] {
  const ticks: Tick[] = [];
  for (let i = 0; i < steps; i++) {
    const interval = new IntervalTicks();
    sim.step(1_700_000_000_000, interval);
    ticks.push(...interval.ticks);
  }
  return ticks;
}

describe('the simulated order book', () => {
  it('starts with N levels a side on the tick grid, best levels equal to the quote', () => {
    const sim = new Simulation(CONFIG, 0, 1_700_000_000_000);
    for (const state of sim.states) {
      const s = state.snapshot() as MarketSnapshotState;
      expect(s.book!.bids).toHaveLength(10);
      expect(s.book!.asks).toHaveLength(10);
      expect(s.book!.bids[0]).toEqual([s.bid, s.bidSize]);
      expect(s.book!.asks[0]).toEqual([s.ask, s.askSize]);
      for (const [price] of [...s.book!.bids, ...s.book!.asks])
        expect(Math.abs(price * 100 - Math.round(price * 100))).toBeLessThan(1e-6);
    }
  });

  it('keeps a client book that folds its ticks equal to the quotes, ten levels a side', () => {
    const sim = new Simulation(CONFIG, 0, 1_700_000_000_000);
    const books = sim.states.map((state) => {
      const book = new OrderBook(1000);
      book.replace((state.snapshot() as MarketSnapshotState).book!);
      return book;
    });
    const quotes = new Map<string, Tick>();
    let bookTicks = 0;
    for (let step = 0; step < 300; step++) {
      const ticks = run(sim, 1);
      for (const tick of ticks) {
        const index = sim.indexOf(tick.instrument)!;
        if (tick.kind === 'quote') quotes.set(tick.instrument, tick);
        if (tick.kind !== 'book') continue;
        bookTicks++;
        books[index]!.apply(tick.bids, tick.asks);
      }
      // At the end of every step each book's best levels are the instrument's last quote.
      for (const [id, q] of quotes) {
        if (q.kind !== 'quote') continue;
        const book = books[sim.indexOf(id)!]!;
        expect(book.bids[0]).toEqual([q.bid, q.bidSize]);
        expect(book.asks[0]).toEqual([q.ask, q.askSize]);
        expect(book.bids).toHaveLength(10);
        expect(book.asks).toHaveLength(10);
        expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
      }
    }
    expect(bookTicks).toBeGreaterThan(100);
    // The server's own state agrees with what a client folded.
    sim.states.forEach((state, i) =>
      expect((state.snapshot() as MarketSnapshotState).book).toEqual(books[i]!.top()),
    );
  });

  it('gives the same events for the same seed, and the same quotes and trades with books off', () => {
    const a = run(new Simulation(CONFIG, 0, 1_700_000_000_000), 200);
    const b = run(new Simulation(CONFIG, 0, 1_700_000_000_000), 200);
    expect(b).toEqual(a);
    const off = run(new Simulation({ ...CONFIG, bookLevels: 0 }, 0, 1_700_000_000_000), 200);
    const strip = (ticks: Tick[]) =>
      ticks.filter((t) => t.kind !== 'book').map(({ seq: _seq, ...rest }) => rest);
    expect(off.some((t) => t.kind === 'book')).toBe(false);
    expect(strip(a)).toEqual(strip(off));
  });
});
