/**
 * Ticks as the engine gets them from a feed: a batch of seeded ticks sent as a `ticks` frame's
 * text through the feed's decoder. The seeded ticks (./seeded-ticks.ts) share their id strings
 * with the instrument list; these are the objects and strings `JSON.parse` makes, as a feed's
 * are (docs/PERFORMANCE.md, "Per-consumer interest", 5 Dec, 06:47).
 */
import { decodeServerMessage } from '../protocol/decode';
import type { Tick } from '../protocol/feed';

/** `ticks` encoded as one frame and decoded as the feed client decodes it. */
export function throughDecoder(ticks: readonly Tick[]): Tick[] {
  const d = decodeServerMessage(JSON.stringify({ op: 'ticks', ticks }));
  if (!d.ok || d.value.op !== 'ticks')
    throw new Error(`the decoder rejected a batch: ${JSON.stringify(d).slice(0, 200)}`);
  return [...d.value.ticks];
}
