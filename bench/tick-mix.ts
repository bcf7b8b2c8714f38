/**
 * The tick mix a simulator process sends one client, per instrument count: ticks a second by
 * kind, book levels a book tick changes, ticks and bytes a frame. "Engine cost per tick" at two
 * instrument counts compares the same work only when the mixes match (docs/PERFORMANCE.md,
 * "Scale curve: instruments", 5 Dec fifth session). The client counts from each frame's JSON,
 * as fast as frames come; the simulator runs as `bench/stack.ts` starts it for the scale bench.
 *
 *   node --import tsx bench/tick-mix.ts            (10 and 5,000 instruments at 50k ticks/s)
 *   BENCH_MIX_INSTRUMENTS=10,5000 BENCH_MIX_BOOK_LEVELS=0 node --import tsx bench/tick-mix.ts
 */
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { readList, readSetting } from './report';
import { bookLevelsSetting, startSimulatorProcess } from './product-processes';
import { sleep } from './children';

const INSTRUMENTS = readList(
  'BENCH_MIX_INSTRUMENTS',
  process.env.BENCH_MIX_INSTRUMENTS ?? '10,5000',
  100_000,
);
const RATE = readSetting('BENCH_MIX_RATE', 50_000, 10_000_000);
const BOOK_LEVELS = bookLevelsSetting('BENCH_MIX_BOOK_LEVELS');
const WARMUP_MS = 2_000;
const MEASURE_MS = 8_000;

interface Mix {
  readonly instruments: number;
  readonly seconds: number;
  /** Ticks by kind over the window. */
  readonly kinds: Record<string, number>;
  readonly ticks: number;
  /** Levels (bids and asks) over all book ticks. */
  readonly bookLevels: number;
  readonly frames: number;
  readonly frameBytes: number;
}

interface WireTick {
  kind: string;
  bids?: unknown[];
  asks?: unknown[];
}

async function measure(instruments: number): Promise<Mix> {
  const sim = await startSimulatorProcess({ rate: RATE, instruments, bookLevels: BOOK_LEVELS });
  const socket = new WebSocket(sim.url);
  const kinds: Record<string, number> = {};
  let counting = false;
  let ticks = 0;
  let bookLevels = 0;
  let frames = 0;
  let frameBytes = 0;
  try {
    await new Promise<void>((open, fail) => {
      socket.once('error', fail);
      socket.once('open', () => open());
    });
    socket.on('message', (data: Buffer) => {
      if (!counting || data.subarray(0, 13).toString() !== '{"op":"ticks"') return;
      const frame = JSON.parse(data.toString()) as { ticks: WireTick[] };
      frames++;
      frameBytes += data.length;
      ticks += frame.ticks.length;
      for (const t of frame.ticks) {
        kinds[t.kind] = (kinds[t.kind] ?? 0) + 1;
        if (t.kind === 'book') bookLevels += (t.bids?.length ?? 0) + (t.asks?.length ?? 0);
      }
    });
    socket.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
    await sleep(WARMUP_MS);
    counting = true;
    const start = performance.now();
    await sleep(MEASURE_MS);
    counting = false;
    const seconds = (performance.now() - start) / 1000;
    return { instruments, seconds, kinds, ticks, bookLevels, frames, frameBytes };
  } finally {
    socket.terminate();
    await sim.stop();
  }
}

function format(m: Mix): string {
  const perSec = (n: number) => Math.round(n / m.seconds).toLocaleString('en-US');
  const share = (n: number) => `${((n / m.ticks) * 100).toFixed(1)} %`;
  const kinds = Object.entries(m.kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${perSec(n)}/s (${share(n)})`)
    .join(', ');
  const books = m.kinds.book ?? 0;
  return (
    `| ${m.instruments.toLocaleString('en-US')} | ${perSec(m.ticks)} | ${kinds} | ` +
    `${books ? (m.bookLevels / books).toFixed(2) : '—'} | ${(m.ticks / m.frames).toFixed(0)} | ` +
    `${(m.frameBytes / m.ticks).toFixed(1)} B a tick, ${Math.round(m.frameBytes / m.frames).toLocaleString('en-US')} B a frame, ${perSec(m.frames)} frames/s |`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(
    `rate ${RATE} ticks/s, book levels ${BOOK_LEVELS ?? 'default'}, ${MEASURE_MS / 1000} s after ${WARMUP_MS / 1000} s\n` +
      '| instruments | ticks/s | by kind | levels a book tick | ticks a frame | frame bytes |\n|---|---|---|---|---|---|',
  );
  for (const n of INSTRUMENTS) console.log(format(await measure(n)));
}
