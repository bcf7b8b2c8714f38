/** Tick builders for the simulator's conflation tests: instrument `A` (a market) and `m1` (a match), `ts` equal to `seq`. */
import { expect } from 'vitest';
import type { Tick } from '../protocol/feed';
import { Conflator } from '../feed-simulator/conflation';

export const quote = (seq: number, bid: number): Tick => ({
  instrument: 'A',
  seq,
  ts: seq,
  kind: 'quote',
  bid,
  ask: bid + 1,
  bidSize: 100,
  askSize: 200,
});

export const trade = (
  seq: number,
  price: number,
  size: number,
  side: 'buy' | 'sell' = 'buy',
): Tick => ({
  instrument: 'A',
  seq,
  ts: seq,
  kind: 'trade',
  price,
  size,
  side,
});

export const book = (
  seq: number,
  bids: [number, number][],
  asks: [number, number][],
  full = false,
): Tick => ({
  instrument: 'A',
  seq,
  ts: seq,
  kind: 'book',
  bids,
  asks,
  ...(full && { full: true }),
});

/** A sports tick on match `m1`, its kind and fields as given. */
export const matchTick = (seq: number, fields: object): Tick =>
  ({ instrument: 'm1', seq, ts: seq, ...fields }) as Tick;

/** What one conflating client receives for `ticks` added in one interval; the conflator ends empty. */
export function conflate(ticks: readonly Tick[]): Tick[] {
  const c = new Conflator(1);
  for (const t of ticks) c.add(0, t);
  const out: Tick[] = [];
  c.take(0, out);
  expect(c.empty).toBe(true);
  return out;
}
