/**
 * Seeded inputs for the engine-only benches, so every run folds the same ticks: a small linear
 * congruential generator, and ticks over a list of instruments (80 % quotes, the rest trades,
 * prices walking by up to ±0.05 % a tick).
 */
import type { Tick } from '../protocol/feed';

/** Numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
}

/** A maker of `n` ticks at time `ts` on instruments drawn at random from `ids`. */
export function seededTicks(
  ids: readonly string[],
  seed: number,
): (n: number, ts: number) => Tick[] {
  const rnd = seededRandom(seed);
  const seqs = new Array<number>(ids.length).fill(0);
  const prices = Array.from({ length: ids.length }, () => 100 + rnd() * 100);
  return (n, ts) =>
    Array.from({ length: n }, () => {
      const i = Math.floor(rnd() * ids.length);
      const price = (prices[i]! *= 1 + (rnd() - 0.5) * 1e-3);
      const instrument = ids[i]!;
      const seq = ++seqs[i]!;
      // Object literals, in the order a frame's JSON gives them, not a spread of a common part:
      // a spread leaves the fields added after it outside the object, and the fold read such
      // ticks about 100 ms per 100k ticks slower than the decoder's, at any instrument count
      // (docs/PERFORMANCE.md, "The instrument's id, and what the benches' ticks are").
      return rnd() < 0.8
        ? {
            instrument,
            seq,
            ts,
            kind: 'quote',
            bid: price - 0.01,
            ask: price + 0.01,
            bidSize: 5,
            askSize: 7,
          }
        : {
            instrument,
            seq,
            ts,
            kind: 'trade',
            price,
            size: 1,
            side: rnd() < 0.5 ? 'buy' : 'sell',
          };
    });
}
