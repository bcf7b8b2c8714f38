import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { IntervalTicks } from './interval-ticks';
import { Simulation } from './simulation';
import { TicksMessageWriter } from './tick-bytes';
import { tickJson, ticksMessageJson } from './tick-json';

/** The writer's private book method, watched to count book encodings. */
type BookWriter = { book(...args: unknown[]): number };

/** An interval of a seeded simulation with order books: quotes, trades and book ticks. */
function someInterval(): IntervalTicks {
  const sim = new Simulation(
    {
      seed: 3,
      instruments: 6,
      matches: 1,
      rate: 20_000,
      scenario: 'steady',
      matchDurationMs: 600_000,
      bookLevels: 10,
    },
    0,
    1_764_100_000_000,
  );
  const interval = new IntervalTicks();
  for (let step = 0; step < 5; step++) sim.step(1_764_100_000_000 + step * 10, interval);
  return interval;
}

describe('IntervalTicks.frameFor', () => {
  it('is the ticks message of exactly the taken instruments, in generation order', () => {
    const interval = someInterval();
    const takes = (index: number) => index === 1 || index === 4;
    const expected = interval.ticks.filter((_, i) => takes(interval.indices[i]!));
    expect(expected.some((t) => t.kind === 'book')).toBe(true);
    expect(interval.frameFor('1,4', takes)!.toString()).toBe(
      ticksMessageJson(expected.map(tickJson)),
    );
    expect(interval.frameFor('*', () => true)!.toString()).toBe(
      ticksMessageJson(interval.ticks.map(tickJson)),
    );
  });

  it('writes a subscription once: every client with its key gets the very same Buffer', () => {
    const interval = someInterval();
    let asked = 0;
    const takes = (index: number) => {
      asked++;
      return index === 2;
    };
    const first = interval.frameFor('2', takes);
    const askedOnce = asked;
    expect(interval.frameFor('2', takes)).toBe(first);
    expect(asked).toBe(askedOnce);
    expect(interval.frameFor('3', (index) => index === 3)).not.toEqual(first);
  });

  it('writes a book tick once, however many messages hold it', () => {
    const interval = someInterval();
    const books = interval.ticks.filter((t) => t.kind === 'book').length;
    const writes = vi.spyOn(TicksMessageWriter.prototype as unknown as BookWriter, 'book');
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      interval.frameFor('*', () => true);
      const frame = interval.frameFor('1,4', (index) => index === 1 || index === 4)!;
      expect(frame.toString()).toContain('"kind":"book"');
      expect(writes).toHaveBeenCalledTimes(books);
      expect(stringify).not.toHaveBeenCalled();
    } finally {
      writes.mockRestore();
      stringify.mockRestore();
    }
  });

  it('is null when none of the instruments ticked', () => {
    const interval = someInterval();
    expect(interval.frameFor('none', () => false)).toBeNull();
    expect(new IntervalTicks().frameFor('*', () => true)).toBeNull();
  });
});

/** The frames of 300 steps of a seeded burst with books and a match, one per interval. */
function burstFrames(nextInterval: () => IntervalTicks): string[] {
  const sim = new Simulation(
    {
      seed: 11,
      instruments: 8,
      matches: 1,
      rate: 20_000,
      scenario: 'burst',
      matchDurationMs: 60_000,
      bookLevels: 5,
    },
    0,
    1_764_100_000_000,
  );
  const frames: string[] = [];
  for (let step = 0; step < 300; step++) {
    const interval = nextInterval();
    sim.step(1_764_100_000_000 + step * 10, interval);
    const frame = interval.frameFor('*', () => true);
    if (frame !== null) frames.push(frame.toString());
  }
  return frames;
}

describe('IntervalTicks as the simulation fills it', () => {
  it('gives a seed the same bytes as the tick objects did before the columns', () => {
    const digest = createHash('sha256');
    for (const frame of burstFrames(() => new IntervalTicks())) digest.update(frame);
    // The same 300 steps written from tick objects at e65cd0a, before the columns.
    expect(digest.digest('hex')).toBe(
      '778c6f9fd2fd2da36ab90f85332ef73fc779c2962816aab89b29bc893d00f8c8',
    );
  });

  it('gives the same frames when one interval is reset and refilled, as the server does', () => {
    const reused = new IntervalTicks();
    const refilled = burstFrames(() => {
      reused.reset();
      return reused;
    });
    expect(refilled).toEqual(burstFrames(() => new IntervalTicks()));
  });
});
