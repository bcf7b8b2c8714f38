/**
 * The depth fold of a feed's book ticks, three books rotating in one process over the same
 * decoded ticks: `ArrayBook` (bench/array-book.ts: the book before the fifth session of 5 Dec, a
 * side array and a `[price, size]` array per level), `ShiftBook` (bench/shift-book.ts: flat
 * typed arrays, every changed price shifted out and back in, until the sixth session) and
 * `OrderBook` (shared/order-book.ts: a size changed in place where no level can fall past the
 * depth). The ticks are a simulator's at 5,000 instruments and 50k ticks/s with its books,
 * decoded as the engine's worker decodes them. Each round folds every captured book tick into
 * one book per instrument (the books kept from round to round, as a feed's are); figures are
 * the process's CPU ms per 100k of the feed's ticks (all kinds, the scale bench's unit) and the
 * collections (count, ms) inside the round.
 *
 *   node --expose-gc --import tsx bench/depth-book-ab.ts
 *
 * `BENCH_BOOK_INSTRUMENTS` (default 5000) changes the instrument count.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { startSimulator } from '../feed-simulator/index';
import { tickdeckProtocol } from '../main/feed/tickdeck-protocol';
import { MAX_BOOK_LEVELS } from '../protocol/limits';
import type { BookTick, ServerMessage, Tick } from '../protocol/feed';
import { OrderBook } from '../shared/order-book';
import { ArrayBook } from './array-book';
import { ShiftBook } from './shift-book';
import { readSetting } from './report';
import { exposedGc } from './gc-count';
import { readSimulator } from './simulator-messages';

const INSTRUMENTS = readSetting('BENCH_BOOK_INSTRUMENTS', 5_000, 100_000);
const RATE_TICKS_PER_SEC = 50_000;
const CAPTURE_TICKS = 400_000;
const ROUNDS = 6;
const PER = 100_000;

async function capture(): Promise<Tick[]> {
  const sim = await startSimulator({
    port: 0,
    rate: RATE_TICKS_PER_SEC,
    instruments: INSTRUMENTS,
    matches: 0,
    seed: 5,
  });
  const session = tickdeckProtocol('ws://bench', {
    kind: 'url',
    label: 'bench',
  }).createConnection();
  const ticks: Tick[] = [];
  await readSimulator(sim.url, (text) => {
    if (!text.startsWith('{"op":"ticks"')) return false;
    const decoded = session.decode(text, Date.now());
    if (!decoded.ok) throw new Error(decoded.error);
    for (const t of (decoded.messages[0] as Extract<ServerMessage, { op: 'ticks' }>).ticks)
      ticks.push(t);
    return ticks.length >= CAPTURE_TICKS;
  });
  await sim.close();
  return ticks;
}

interface Book {
  apply(bids: BookTick['bids'], asks: BookTick['asks']): void;
}

function fold(books: Map<string, Book>, make: () => Book, ticks: readonly BookTick[]): void {
  for (const t of ticks) {
    let book = books.get(t.instrument);
    if (book === undefined) books.set(t.instrument, (book = make()));
    book.apply(t.bids, t.asks);
  }
}

let gcCount = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcCount++;
    gcMs += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

const all = await capture();
const books = all.filter((t): t is BookTick => t.kind === 'book');
const levels = books.reduce((n, t) => n + t.bids.length + t.asks.length, 0);
console.log(
  `${INSTRUMENTS} instruments: ${all.length.toLocaleString('en-US')} ticks captured, ${books.length.toLocaleString('en-US')} book ticks (${((books.length / all.length) * 100).toFixed(1)} %), ${(levels / books.length).toFixed(2)} levels a book tick`,
);
const sides = {
  ArrayBook: { books: new Map<string, Book>(), make: () => new ArrayBook(MAX_BOOK_LEVELS) },
  ShiftBook: { books: new Map<string, Book>(), make: () => new ShiftBook(MAX_BOOK_LEVELS) },
  OrderBook: { books: new Map<string, Book>(), make: () => new OrderBook(MAX_BOOK_LEVELS) },
};
const NAMES = ['ArrayBook', 'ShiftBook', 'OrderBook'] as const;
const gc = exposedGc();
const figures: Record<string, string[]> = { ArrayBook: [], ShiftBook: [], OrderBook: [] };
for (let round = 0; round < ROUNDS; round++) {
  // Rotating which goes first, so none always runs on a heap another just left.
  const order = NAMES.map((_, i) => NAMES[(i + round) % NAMES.length]!);
  for (const name of order) {
    gc();
    await new Promise((r) => setTimeout(r, 50)); // the observer hears the forced GC first
    gcCount = gcMs = 0;
    // CPU, not wall time: on a shared machine the wall clock counts other processes' turns.
    const start = process.cpuUsage();
    fold(sides[name].books, sides[name].make, books);
    const used = process.cpuUsage(start);
    const ms = (used.user + used.system) / 1000;
    await new Promise((r) => setTimeout(r, 20));
    figures[name]!.push(
      `${((ms / all.length) * PER).toFixed(1)} ms (GC ${gcCount}, ${((gcMs / all.length) * PER).toFixed(1)} ms)`,
    );
  }
}
for (const [name, f] of Object.entries(figures))
  console.log(`${name.padEnd(10)} per 100k feed ticks: ${f.join(' | ')}`);
