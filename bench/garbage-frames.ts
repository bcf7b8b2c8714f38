/**
 * bench/worker-garbage.ts's material: a simulator's frames as the worker's socket gets them,
 * the same ticks regrouped by kind, and a census of what parsing a tick makes.
 */
import { startSimulator } from '../feed-simulator/index';
import type { Tick } from '../protocol/feed';
import { readSimulator } from './simulator-messages';

/** Frames as the socket gave them (bytes), their text, and ticks per frame. */
export interface Frames {
  bytes: Buffer[];
  texts: string[];
  counts: number[];
  ids: string[];
}

/** `count` ticks' frames from a simulator of `feed`'s shape, with books, as a socket gets them. */
export async function simulatorFrames(
  feed: { readonly instruments: number; readonly rate: number },
  count: number,
): Promise<Frames> {
  const sim = await startSimulator({
    port: 0,
    rate: feed.rate,
    instruments: feed.instruments,
    matches: 0,
    seed: 5,
  });
  const f: Frames = { bytes: [], texts: [], counts: [], ids: [] };
  let taken = 0;
  await readSimulator(sim.url, (text, data) => {
    if (text.startsWith('{"op":"hello"'))
      f.ids.push(
        ...(JSON.parse(text) as { instruments: { id: string }[] }).instruments.map((i) => i.id),
      );
    if (!text.startsWith('{"op":"ticks"')) return false;
    const n = (JSON.parse(text) as { ticks: unknown[] }).ticks.length;
    f.bytes.push(Buffer.from(data));
    f.texts.push(text);
    f.counts.push(n);
    taken += n;
    return taken >= count;
  });
  await sim.close();
  return f;
}

/** What the parse makes for a tick: objects, arrays, and numbers outside the small-int range. */
export function census(ticks: readonly Tick[]): string {
  const kinds = new Map<string, { n: number; objects: number; arrays: number; boxed: number }>();
  const walk = (v: unknown, c: { objects: number; arrays: number; boxed: number }) => {
    if (Array.isArray(v)) {
      c.arrays++;
      // A number array holds its doubles unboxed; only arrays of objects/arrays recurse.
      for (const x of v) if (typeof x === 'object' && x !== null) walk(x, c);
    } else if (typeof v === 'object' && v !== null) {
      c.objects++;
      for (const x of Object.values(v))
        if (typeof x === 'number' && !(Number.isInteger(x) && Math.abs(x) < 2 ** 30)) c.boxed++;
        else if (typeof x === 'object' && x !== null) walk(x, c);
    }
  };
  for (const tick of ticks) {
    const c = kinds.get(tick.kind) ?? { n: 0, objects: 0, arrays: 0, boxed: 0 };
    c.n++;
    walk(tick, c);
    kinds.set(tick.kind, c);
  }
  const all = ticks.length;
  return [...kinds]
    .map(
      ([kind, c]) =>
        `  census, ${kind} (${((100 * c.n) / all).toFixed(0)} % of ticks): a tick makes ${(c.objects / c.n).toFixed(1)} objects, ${(c.arrays / c.n).toFixed(1)} arrays, ${(c.boxed / c.n).toFixed(1)} boxed numbers`,
    )
    .join('\n');
}

/** The ticks of each kind alone, written back into frames of `size` ticks. */
export function framesByKind(ticks: readonly Tick[], size: number): Map<string, Frames> {
  const byKind = new Map<string, Tick[]>();
  for (const tick of ticks) {
    const list = byKind.get(tick.kind);
    if (list) list.push(tick);
    else byKind.set(tick.kind, [tick]);
  }
  const out = new Map<string, Frames>();
  for (const [kind, all] of byKind) {
    const frames: Frames = { bytes: [], texts: [], counts: [], ids: [] };
    for (let at = 0; at < all.length; at += size) {
      const part = all.slice(at, at + size);
      frames.texts.push(JSON.stringify({ op: 'ticks', ticks: part }));
      frames.counts.push(part.length);
    }
    out.set(kind, frames);
  }
  return out;
}
