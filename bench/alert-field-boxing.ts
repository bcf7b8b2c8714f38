/**
 * Where the alert evaluator's ~50 bytes a tick come from (docs/PERFORMANCE.md, "Alerts at
 * scale", 5 Dec fourth session): V8 copies a double field into a new HeapNumber when code that
 * has seen several object shapes reads a field only one shape has (a trade's `price`, a
 * quote's `bid` and `ask`), optimised or not. Code that has seen one shape, or a field every
 * shape has (`ts`), reads unboxed. This prints bytes
 * allocated per tick for each read, on 400,000 tick objects made as the bench makes them, so
 * the finding can be checked again on another Node. No GC runs while a read is measured (a
 * young generation of 256 MB), so the heap's growth is what it allocated.
 *
 *   node --expose-gc --max-semi-space-size=256 --min-semi-space-size=256 --import tsx bench/alert-field-boxing.ts
 */
import type { Tick } from '../protocol/feed';
import { RecordedTicks } from './alert-workload';

const TICKS = 400_000;
const ROUNDS = 4;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (see the header for the flags)');

type Read = (tick: Tick) => number;

/** Each read returns a small integer, so only the read itself can allocate. */
const READS: Record<string, Read> = {
  'ts (every shape has it)': (t) => (t.ts > 1 ? 1 : 0),
  'quote bid and ask (one shape has them)': (t) =>
    t.kind === 'quote' && t.ask - t.bid > 0.5 ? 1 : 0,
  'trade price': (t) => (t.kind === 'trade' && t.price > 100 ? 1 : 0),
  'quote bidSize (a small integer)': (t) => (t.kind === 'quote' && t.bidSize > 50 ? 1 : 0),
};

function bytesPerTick(ticks: readonly Tick[], read: Read): number {
  let figure = 0;
  // The last round's figure: the first ones run before the read is optimised.
  for (let round = 0; round < ROUNDS; round++) {
    gc!();
    const before = process.memoryUsage().heapUsed;
    let hits = 0;
    for (let i = 0; i < ticks.length; i++) hits += read(ticks[i] as Tick);
    figure = (process.memoryUsage().heapUsed - before) / ticks.length;
    if (hits < 0) throw new Error('unreachable: keeps the loop from being optimised away');
  }
  return figure;
}

const mixed = new RecordedTicks(TICKS).slice(0, TICKS);
const quotesOnly = mixed.filter((t) => t.kind === 'quote');
console.log(`Node ${process.version}, V8 ${process.versions.v8}; bytes allocated per tick read`);
for (const [name, read] of Object.entries(READS))
  console.log(`  ${name}: ${bytesPerTick(mixed, read).toFixed(1)} B (trades and quotes mixed)`);
// The same read as a new function, so its code has only ever seen quotes.
const bidAskAlone: Read = (t) => (t.kind === 'quote' && t.ask - t.bid > 0.5 ? 1 : 0);
console.log(
  `  quote bid and ask, quotes only: ${bytesPerTick(quotesOnly, bidAskAlone).toFixed(1)} B`,
);
