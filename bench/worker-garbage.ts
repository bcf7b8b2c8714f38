/**
 * The engine worker's garbage at 5,000 instruments and 50k ticks/s, step by step, per tick and
 * per batch: frames taken from a simulator (order books included, as the worker's socket gets
 * them), then the frame's text from the socket's bytes, `JSON.parse`, the protocol decode
 * (parse and checks), the fold, and a page's batch (40 rows in view, a chart, the selected
 * book and tape, compact rows for the rest) built 30 times a simulated second. Young-generation
 * garbage is what the worker's scavenges collect, and its GC held the loop in 6 of the 10 slots
 * lost at 5,000 instruments (docs/PERFORMANCE.md, "Scale curve: instruments"). Each step runs
 * in chunks of fresh frames after a full GC, in a young generation large enough that no GC
 * runs inside a chunk (a chunk that saw one is dropped and counted), so the heap's growth over
 * a chunk is what the step allocated. A census of the parsed ticks says what the parse makes
 * (objects, arrays, numbers that need a heap box). Not a `.bench.ts`: it needs V8 flags.
 *
 *   node --expose-gc --max-semi-space-size=256 --min-semi-space-size=256 --import tsx bench/worker-garbage.ts
 *
 * `BENCH_GARBAGE_INSTRUMENTS` (default 5000) changes the instrument count.
 */
import { Batcher } from '../main/feed/batcher';
import { FeedState } from '../main/feed/feed-state';
import { tickdeckProtocol } from '../main/feed/tickdeck-protocol';
import type { Interest } from '../protocol/interest';
import type { Instrument, ServerMessage } from '../protocol/feed';
import { HEALTH } from '../test-support/engine-fixtures';
import { readSetting } from './report';
import { everyGcCounter } from './gc-count';
import { census, framesByKind, simulatorFrames, type Frames } from './garbage-frames';

const INSTRUMENTS = readSetting('BENCH_GARBAGE_INSTRUMENTS', 5_000, 100_000);
const RATE_TICKS_PER_SEC = 50_000;
const BATCH_EVERY_TICKS = Math.round(RATE_TICKS_PER_SEC / 30);
const CHUNK_TICKS = 10_000;
const CHUNKS = 8;
/** Ticks folded before the fold is measured, so rings and books have grown. */
const WARM_TICKS = 100_000;
const ROWS_IN_VIEW = 40;

const gcs = everyGcCounter();

let nextFrame = 0;

/** Bytes a tick that `step` allocates over chunks of fresh frames: median and range. */
async function perTick(
  label: string,
  f: Frames,
  step: (k: number) => void,
  stateless = false,
): Promise<string> {
  const per: number[] = [];
  const msPer100k: number[] = [];
  let dirty = 0;
  for (let c = 0; c < CHUNKS; c++) {
    // A step that keeps no state may read its frames again from the first.
    const chunk: number[] = [];
    let ticks = 0;
    while (ticks < CHUNK_TICKS) {
      if (nextFrame === f.texts.length && stateless) nextFrame = 0;
      if (nextFrame === f.texts.length) throw new Error(`${label}: out of frames`);
      chunk.push(nextFrame);
      ticks += f.counts[nextFrame++]!;
    }
    const took = await gcs.allocation(() => {
      for (const k of chunk) step(k);
    });
    if (took === null) dirty++;
    else {
      per.push(took.bytes / ticks);
      msPer100k.push((took.ms * 100_000) / ticks);
    }
  }
  per.sort((a, b) => a - b);
  msPer100k.sort((a, b) => a - b);
  const median = per[per.length >> 1];
  const figure =
    median === undefined
      ? 'no chunk without a GC'
      : `${median.toFixed(0)} B/tick (range ${per[0]!.toFixed(0)}–${per.at(-1)!.toFixed(0)} over ${per.length} chunks), ${msPer100k[msPer100k.length >> 1]!.toFixed(1)} ms per 100k ticks`;
  return `  ${label}: ${figure}${dirty ? `; ${dirty} chunks with a GC inside, dropped` : ''}`;
}

async function main(): Promise<void> {
  // The warm-up, the fold's chunks (each up to a frame past its ticks), 40 batches alone.
  const tickCount = WARM_TICKS + 2 * CHUNKS * CHUNK_TICKS + 40 * BATCH_EVERY_TICKS;
  const f = await simulatorFrames(
    { instruments: INSTRUMENTS, rate: RATE_TICKS_PER_SEC },
    tickCount,
  );
  const session = tickdeckProtocol('ws://bench', {
    kind: 'url',
    label: 'bench',
  }).createConnection();
  const decode = (k: number) => {
    const decoded = session.decode(f.texts[k]!);
    if (!decoded.ok) throw new Error(decoded.error);
    return (decoded.messages[0] as Extract<ServerMessage, { op: 'ticks' }>).ticks;
  };
  const decoded = f.texts.map((_, k) => decode(k));
  const ticks = f.counts.reduce((a, b) => a + b, 0);
  const text = f.texts.reduce((n, t) => n + t.length, 0);
  const lines = [
    `worker garbage, ${INSTRUMENTS} instruments, simulator at ${RATE_TICKS_PER_SEC / 1_000}k ticks/s with books:` +
      ` ${f.texts.length} frames, ${(ticks / f.texts.length).toFixed(0)} ticks a frame, ${(text / ticks).toFixed(0)} B of text a tick`,
    census(decoded.flat()),
  ];
  console.log(lines.join('\n'));
  lines.length = 0;
  // The steps before the fold keep no state: they read the same frames the fold reads later.
  const sink: unknown[] = [];
  nextFrame = 0;
  lines.push(
    await perTick('text from the bytes', f, (k) => void sink.push(f.bytes[k]!.toString())),
  );
  sink.length = 0;
  nextFrame = 0;
  lines.push(await perTick('JSON.parse alone', f, (k) => void sink.push(JSON.parse(f.texts[k]!))));
  sink.length = 0;
  nextFrame = 0;
  lines.push(await perTick('decode (parse and checks)', f, (k) => void sink.push(decode(k))));
  sink.length = 0;
  // Twice, and only the second pass reported: the first parse of each kind alone in this
  // process cost 1.2–1.6× the second (quotes 331 B a tick against 210), and the second pass's
  // kinds, weighted by their shares, add up to the mixed frame's figure.
  const byKind = framesByKind(decoded.flat(), Math.round(ticks / f.texts.length));
  for (const pass of [1, 2])
    for (const [kind, frames] of byKind) {
      nextFrame = 0;
      const line = await perTick(
        `JSON.parse, ${kind} ticks alone (${((100 * frames.counts.reduce((a, b) => a + b, 0)) / ticks).toFixed(0)} % of ticks)`,
        frames,
        (k) => void sink.push(JSON.parse(frames.texts[k]!)),
        true,
      );
      sink.length = 0;
      if (pass === 2) lines.push(line);
    }
  let warmFrames = 0;
  for (let n = 0; n < WARM_TICKS; n += f.counts[warmFrames++]!);
  nextFrame = warmFrames;

  const instruments: Instrument[] = f.ids.map((id) => ({
    id,
    kind: 'market',
    name: id,
    tickSize: 0.01,
  }));
  const state = new FeedState();
  state.setInstruments(instruments);
  const batcher = new Batcher(state, () => {});
  const consumer = batcher.attach((batch) => consumer.ack(batch.seq));
  const page: Interest = {
    rows: f.ids.slice(1, 1 + ROWS_IN_VIEW),
    charted: [f.ids[0]!],
    selected: f.ids[0]!,
  };
  consumer.declareInterest(page);
  // Warm-up and every step after it fold the frames in order, so no seq is seen twice.
  for (let k = 0; k < nextFrame; k++) state.applyTicks(decoded[k]!, () => {});
  lines.push(await perTick('fold', f, (k) => void state.applyTicks(decoded[k]!, () => {})));
  // The batch alone: flushes measured one by one, each after a batch interval's ticks.
  const rest = decoded.slice(nextFrame).flat();
  const perBatch: number[] = [];
  let dirty = 0;
  for (let at = 0; at + BATCH_EVERY_TICKS <= rest.length; at += BATCH_EVERY_TICKS) {
    const ticks = rest.slice(at, at + BATCH_EVERY_TICKS);
    state.applyTicks(ticks, () => {});
    const took = await gcs.allocation(() => batcher.flush(ticks.at(-1)!.ts, () => HEALTH, 0));
    if (took === null) dirty++;
    else perBatch.push(took.bytes);
  }
  perBatch.sort((a, b) => a - b);
  lines.push(
    `  a page's batch alone: p50 ${(perBatch[perBatch.length >> 1]! / 1024).toFixed(1)} KB (range ${(perBatch[0]! / 1024).toFixed(1)}–${(perBatch.at(-1)! / 1024).toFixed(1)} over ${perBatch.length} batches${dirty ? `, ${dirty} with a GC dropped` : ''})`,
  );
  console.log(lines.join('\n'));
}

await main();
