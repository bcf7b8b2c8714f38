/**
 * The simulator's book ticks as bytes (feed-simulator/tick-bytes.ts). A client that conflates
 * gets, per flush, its own merged book tick of each instrument (conflation.ts), so each is
 * encoded per client: with 500 clients and 10-level books a profile put `JSON.stringify` of
 * those ticks at 14 % of the simulator (docs/PERFORMANCE.md, "The simulator's fan-out").
 *
 * Baseline in the same run: the writer as it was, which wrote book ticks through
 * `JSON.stringify` and copied the UTF-8 bytes in. Both encode the same messages: the merged
 * book ticks of 20 instruments with 10 levels a side, conflated over 25 steps of a seeded
 * simulation (one 250 ms window). tinybench, alternating tasks.
 *
 * Standalone: `npx tsx bench/book-bytes.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import type { Tick } from '../protocol/feed';
import { Conflator } from '../feed-simulator/conflation';
import { IntervalTicks } from '../feed-simulator/interval-ticks';
import { Simulation } from '../feed-simulator/simulation';
import { TicksMessageWriter } from '../feed-simulator/tick-bytes';
import { medianMs, printResults, type BenchResult } from './report';

const INSTRUMENTS = 20;
const BOOK_LEVELS = 10;
const WINDOW_STEPS = 25;
const MESSAGES = 40;
const T0 = 1_764_100_000_000;

/** `MESSAGES` messages, each the merged book ticks of one conflation window. */
function conflatedBooks(): Tick[][] {
  const options = {
    seed: 5,
    instruments: INSTRUMENTS,
    matches: 0,
    rate: 20_000,
    scenario: 'steady' as const,
    matchDurationMs: 600_000,
    bookLevels: BOOK_LEVELS,
  };
  const sim = new Simulation(options, 0, T0);
  const messages: Tick[][] = [];
  let step = 0;
  while (messages.length < MESSAGES) {
    const conflator = new Conflator(INSTRUMENTS);
    for (let s = 0; s < WINDOW_STEPS; s++, step++) {
      const interval = new IntervalTicks();
      sim.step(T0 + step * 10, interval);
      interval.ticks.forEach((tick, i) => {
        if (tick.kind === 'book') conflator.add(interval.indices[i]!, tick);
      });
    }
    const merged: Tick[] = [];
    for (let i = 0; i < INSTRUMENTS; i++) if (conflator.has(i)) conflator.take(i, merged);
    messages.push(merged);
  }
  return messages;
}

/** The writer before book ticks had bytes of their own: `JSON.stringify`, then a copy. */
function stringified(ticks: readonly Tick[]): Buffer {
  const parts = [Buffer.from('{"op":"ticks","ticks":[')];
  ticks.forEach((tick, i) => {
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(Buffer.from(JSON.stringify(tick)));
  });
  parts.push(Buffer.from(']}'));
  return Buffer.concat(parts);
}

export async function run(): Promise<BenchResult[]> {
  const messages = conflatedBooks();
  const writer = new TicksMessageWriter();
  const ticks = messages.reduce((n, m) => n + m.length, 0);
  const levels = messages
    .flat()
    .reduce((n, t) => n + (t.kind === 'book' ? t.bids.length + t.asks.length : 0), 0);
  for (const m of messages)
    if (!writer.write(m).equals(stringified(m)))
      throw new Error('book bytes differ from JSON.stringify: the comparison would be unfair');
  const bench = new Bench({ time: 1_000, warmupTime: 200 });
  bench
    .add('byte writer', () => {
      for (const m of messages) writer.write(m);
    })
    .add('JSON.stringify', () => {
      for (const m of messages) stringified(m);
    });
  await bench.run();
  const perTickNs = (name: string) => (medianMs(bench, name) / ticks) * 1e6;
  const value = perTickNs('byte writer');
  const base = perTickNs('JSON.stringify');
  return [
    {
      name: 'simulator: a conflated book tick as bytes',
      value,
      unit: 'ns',
      baseline: base,
      ratio: base / value,
      note: `median of tinybench samples over ${ticks} merged book ticks (${INSTRUMENTS} instruments, ${BOOK_LEVELS}-level books, ${WINDOW_STEPS}-step windows, ${(levels / ticks).toFixed(1)} levels a tick); baseline = JSON.stringify and a copy, as before; ratio = baseline / value`,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('Simulator book ticks', await run());
}
