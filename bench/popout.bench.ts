/**
 * A popped-out chart's share of the batch bytes (issue 17: at most 5 % of the main window's at
 * 1,000 instruments). Two consumers on one batcher in the same run, as the main window and a
 * pop-out are on one engine: the main window shows 40 watchlist rows and a chart, with compact
 * rows for every other instrument; the pop-out shows one other instrument's chart and asks for
 * nothing else (`others: 'none'`). Ticks at 50k/s are folded over simulated time and batches
 * built every 1/30 s of it; each consumer serialises its batch as the browser mode does (its
 * bytes on the wire) and acks at once. Bytes do not depend on the machine's load.
 *
 *   node --import tsx bench/run.ts popout
 */
import { pathToFileURL } from 'node:url';
import type { Batch } from '../protocol/batch';
import type { Interest } from '../protocol/interest';
import { Batcher } from '../main/feed/batcher';
import { FeedState } from '../main/feed/feed-state';
import { HEALTH, market } from '../test-support/engine-fixtures';
import { printResults, readSetting, type BenchResult } from './report';
import { seededTicks } from './seeded-ticks';

const INSTRUMENTS = 1_000;
const RATE_TICKS_PER_SEC = 50_000;
const BATCH_HZ = 30;
/** Feed time measured, ms (simulated). */
const SIMULATED_MS = readSetting('BENCH_POPOUT_MS', 10_000, 600_000);
const ROWS_IN_VIEW = 40;

const MAIN: Interest = {
  rows: Array.from({ length: ROWS_IN_VIEW }, (_, i) => `I${i}`),
  charted: ['I0'],
  selected: 'I0',
};
// As renderer/src/PanelApp.svelte declares a popped-out chart: nothing selected, so no book or tape.
const POPOUT: Interest = { rows: [], charted: ['I500'], selected: null, others: 'none' };

function measure(): { bytes: number; batches: number }[] {
  const ids = Array.from({ length: INSTRUMENTS }, (_, i) => `I${i}`);
  const state = new FeedState();
  state.setInstruments(ids.map(market));
  const batcher = new Batcher(state, () => {});
  const figures = [MAIN, POPOUT].map((interest) => {
    const f = { bytes: 0, batches: 0 };
    const consumer = batcher.attach((batch: Batch) => {
      f.bytes += JSON.stringify({ type: 'batch', batch }).length;
      f.batches++;
      consumer.ack(batch.seq);
    });
    consumer.declareInterest(interest);
    return f;
  });
  const makeTicks = seededTicks(ids, INSTRUMENTS);
  let now = Date.now();
  const batchMs = 1_000 / BATCH_HZ;
  const ticksPerBatch = Math.round(RATE_TICKS_PER_SEC / BATCH_HZ);
  batcher.flush(now, () => HEALTH, 0); // the first batch of each is a reset carrying every row
  for (let b = 0; b < Math.round((SIMULATED_MS / 1_000) * BATCH_HZ); b++) {
    now += batchMs;
    state.applyTicks(makeTicks(ticksPerBatch, Math.round(now)), () => {});
    batcher.flush(Math.round(now), () => HEALTH, 0);
  }
  return figures;
}

export async function run(): Promise<BenchResult[]> {
  const [main, popout] = measure() as [
    { bytes: number; batches: number },
    { bytes: number; batches: number },
  ];
  const seconds = SIMULATED_MS / 1_000;
  return [
    {
      name: 'batch bytes/s at 1,000 instruments: popped-out chart vs main window (same run)',
      value: popout.bytes / seconds,
      baseline: main.bytes / seconds,
      ratio: popout.bytes / main.bytes,
      unit: 'B/s',
      note: `target ≤ 0.05; batches/s ${Math.round(popout.batches / seconds)} vs ${Math.round(main.batches / seconds)}`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printResults('popout', await run());
}
