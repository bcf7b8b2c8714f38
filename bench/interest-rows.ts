/**
 * Rows of history a feed's ticks make, by kind, on the simulator's real mix: a simulator
 * process as the scale bench starts it (`--rate 50000`), its frames decoded as the feed client
 * decodes them and folded into one `FeedState` as they come, the series sealed 30 times a
 * second as the batcher does. Counts, over 6 s after 2 s, the series points, tape trades and
 * closed bars that reached the rings, per tick folded (docs/PERFORMANCE.md, "Per-consumer
 * interest", 5 Dec sixth session). No consumer reads the series here, so every market's buckets
 * are wide (series-bucket.ts) but for the 30 seals after the window's first read of them all.
 * Not part of `npm run bench`.
 *
 *   node --import tsx bench/interest-rows.ts            (10 and 5,000 instruments)
 *   BENCH_ROWS_INSTRUMENTS=10,5000 BENCH_ROWS_BOOK_LEVELS=0 node --import tsx bench/interest-rows.ts
 */
import { FeedState } from '../main/feed/feed-state';
import { decodeServerMessage } from '../protocol/decode';
import { readList, readSetting } from './report';
import { readSimulator } from './simulator-messages';
import { bookLevelsSetting, startSimulatorProcess } from './product-processes';

const INSTRUMENTS = readList(
  'BENCH_ROWS_INSTRUMENTS',
  process.env.BENCH_ROWS_INSTRUMENTS ?? '10,5000',
  100_000,
);
const RATE = readSetting('BENCH_ROWS_RATE', 50_000, 10_000_000);
const BOOK_LEVELS = bookLevelsSetting('BENCH_ROWS_BOOK_LEVELS');
const WARMUP_MS = 2_000;
const MEASURE_MS = 6_000;
const SEAL_INTERVAL_MS = 1_000 / 30;

interface Rows {
  series: number;
  tape: number;
  bars: number[];
}

/** Rows each kind of ring has taken so far (reading a ring moves in its rows from the log). */
function ringRows(state: FeedState): Rows {
  const rows: Rows = { series: 0, tape: 0, bars: [0, 0, 0] };
  for (const m of state.markets.values()) {
    rows.series += m.series.end;
    rows.tape += m.depth.tape.end;
    m.bars.forEach((b, k) => (rows.bars[k]! += b.ring.end));
  }
  return rows;
}

async function count(instruments: number): Promise<string> {
  const sim = await startSimulatorProcess({ rate: RATE, instruments, bookLevels: BOOK_LEVELS });
  const state = new FeedState();
  const kinds: Record<string, number> = {};
  let phase: 'warmup' | 'window' | 'done' = 'warmup';
  let before: Rows | null = null;
  let started = 0;
  const seal = setInterval(() => state.sealSeries(), SEAL_INTERVAL_MS);
  try {
    await readSimulator(sim.url, (text) => {
      const decoded = decodeServerMessage(text);
      if (!decoded.ok)
        throw new Error(`the decoder rejected a frame: ${JSON.stringify(decoded.error)}`);
      const message = decoded.value;
      if (message.op === 'hello') state.setInstruments(message.instruments);
      if (message.op !== 'ticks') return false;
      state.applyTicks(message.ticks, () => {});
      const now = performance.now();
      if (started === 0) started = now;
      if (phase === 'warmup' && now - started >= WARMUP_MS) {
        state.sealSeries();
        before = ringRows(state);
        phase = 'window';
        started = now;
        return false;
      }
      if (phase === 'window')
        for (const t of message.ticks) kinds[t.kind] = (kinds[t.kind] ?? 0) + 1;
      if (phase === 'window' && now - started >= MEASURE_MS) phase = 'done';
      return phase === 'done';
    });
  } finally {
    clearInterval(seal);
    await sim.stop();
  }
  state.sealSeries();
  const after = ringRows(state);
  const b = before!;
  const ticks = Object.values(kinds).reduce((a, n) => a + n, 0);
  const per = (n: number) => (n / ticks).toFixed(3);
  const mix = Object.entries(kinds)
    .map(([k, n]) => `${k} ${((n / ticks) * 100).toFixed(1)} %`)
    .join(', ');
  const bars = after.bars.map((n, k) => per(n - b.bars[k]!)).join(' / ');
  return (
    `| ${instruments.toLocaleString('en-US')} | ${Math.round(ticks / (MEASURE_MS / 1000)).toLocaleString('en-US')} (${mix}) | ` +
    `${per(after.series - b.series)} | ${per(after.tape - b.tape)} | ${bars} |`
  );
}

console.log(
  `rate ${RATE} ticks/s, book levels ${BOOK_LEVELS ?? 'default'}, ${MEASURE_MS / 1000} s after ${WARMUP_MS / 1000} s; rows a tick\n` +
    '| instruments | ticks/s folded (mix) | series points | tape trades | closed bars 1 s / 5 s / 60 s |\n|---|---|---|---|---|',
);
for (const n of INSTRUMENTS) console.log(await count(n));
