/**
 * Heap allocated per tick on the engine's path, in two tick mixes: the alerts bench's (1,000
 * instruments, 10,000 rules, quotes and trades in `ticks` frames of 100) and the simulator's
 * (frames taken from a simulator at 50k ticks/s over 1,000 instruments, order books included,
 * as the alert-latency bench's engine receives them). Steps: the frame's `JSON.parse` alone,
 * the protocol session's decode (parse and checks), the fold with no rules and with the rules,
 * the evaluator alone, and the fold with a consumer's batch built every 10 frames. Young-
 * generation garbage is what makes the engine's scavenges, its loop's longest stalls
 * (docs/PERFORMANCE.md, "where the engine's tail is"). Each step runs in chunks of fresh frames
 * after a full GC, in a young generation large enough that no GC runs inside a chunk (a chunk
 * that saw one is dropped and counted), so the heap's growth over a chunk is what the step
 * allocated. Not a `.bench.ts`: it needs V8 flags.
 *
 *   node --expose-gc --max-semi-space-size=256 --min-semi-space-size=256 --import tsx bench/alert-heap.ts
 */
import { startSimulator } from '../feed-simulator/index';
import { AlertEvaluator } from '../main/alerts/index';
import { Batcher } from '../main/feed/batcher';
import { FeedState } from '../main/feed/feed-state';
import { tickdeckProtocol } from '../main/feed/tickdeck-protocol';
import type { Instrument, ServerMessage } from '../protocol/feed';
import { HEALTH } from '../test-support/engine-fixtures';
import { INSTRUMENT_IDS, makeRules, makeTicks, toFrames } from './alert-workload';
import { everyGcCounter } from './gc-count';
import { readSimulator } from './simulator-messages';

const FRAME_TICKS = 100;
/** Each chunk: frames up to this many ticks (the simulator's frames hold hundreds each). */
const CHUNK_TICKS = 10_000;
const CHUNKS = 8;
/** Ticks folded before any step is measured, so rings and windows have grown. */
const WARM_TICKS = 150_000;
/** A consumer's batch per this many ticks: 30 batches/s at 50k ticks/s. */
const BATCH_EVERY_TICKS = 1_667;
const SIMULATOR_RATE = 50_000;

const gcs = everyGcCounter();

/** Frame indices handed out to steps: each step gets frames no step has seen. */
let nextFrame = 0;
/** Ticks per frame of the mix being measured. */
let counts: number[] = [];

/** Bytes per tick that `step` allocates over chunks of fresh frames: median and range. */
async function perTick(
  label: string,
  frames: readonly string[],
  step: (k: number) => void,
): Promise<string> {
  const per: number[] = [];
  let dirty = 0;
  for (let c = 0; c < CHUNKS; c++) {
    const from = nextFrame;
    let ticks = 0;
    while (ticks < CHUNK_TICKS) {
      if (nextFrame === frames.length) throw new Error(`${label}: out of frames`);
      ticks += counts[nextFrame++]!;
    }
    const to = nextFrame;
    const took = await gcs.allocation(() => {
      for (let k = from; k < to; k++) step(k);
    });
    if (took === null) dirty++;
    else per.push(took.bytes / ticks);
  }
  per.sort((a, b) => a - b);
  const median = per[per.length >> 1];
  const figure =
    median === undefined
      ? 'no chunk without a GC'
      : `${median.toFixed(0)} B/tick (range ${per[0]!.toFixed(0)}–${per.at(-1)!.toFixed(0)} over ${per.length} chunks)`;
  return `  ${label}: ${figure}${dirty ? `; ${dirty} chunks with a GC inside, dropped` : ''}`;
}

/** Text frames of `ticks` from a simulator, `count` ticks in all, as an engine receives them. */
async function simulatorFrames(count: number): Promise<{ frames: string[]; ids: string[] }> {
  const sim = await startSimulator({
    port: 0,
    rate: SIMULATOR_RATE,
    instruments: INSTRUMENT_IDS.length,
    matches: 0,
    seed: 5,
  });
  const frames: string[] = [];
  const ids: string[] = [];
  let taken = 0;
  await readSimulator(sim.url, (text) => {
    if (text.startsWith('{"op":"hello"'))
      ids.push(
        ...(JSON.parse(text) as { instruments: { id: string }[] }).instruments.map((i) => i.id),
      );
    if (!text.startsWith('{"op":"ticks"')) return false;
    frames.push(text);
    taken += (JSON.parse(text) as { ticks: unknown[] }).ticks.length;
    return taken >= count;
  });
  await sim.close();
  return { frames, ids };
}

async function mix(
  name: string,
  frames: readonly string[],
  ids: readonly string[],
): Promise<string[]> {
  const instruments: Instrument[] = ids.map((id) => ({
    id,
    kind: 'market',
    name: id,
    tickSize: 0.01,
  }));
  const session = tickdeckProtocol('ws://bench', {
    kind: 'url',
    label: 'bench',
  }).createConnection();
  const decode = (k: number) => {
    const decoded = session.decode(frames[k]!);
    if (!decoded.ok) throw new Error(decoded.error);
    return (decoded.messages[0] as Extract<ServerMessage, { op: 'ticks' }>).ticks;
  };
  counts = frames.map((_, k) => decode(k).length);
  let warmFrames = 0;
  for (let n = 0; n < WARM_TICKS; n += counts[warmFrames++]!);
  nextFrame = warmFrames;
  const ticks = counts.reduce((a, b) => a + b, 0);
  const text = frames.reduce((n, f) => n + f.length, 0);
  const lines = [`${name}: ${(text / ticks).toFixed(0)} B of frame text per tick`];
  const sink: unknown[] = [];
  lines.push(
    await perTick('JSON.parse alone', frames, (k) => void sink.push(JSON.parse(frames[k]!))),
  );
  sink.length = 0;
  lines.push(await perTick('decode (parse and checks)', frames, (k) => void decode(k)));
  const decoded = frames.map((_, k) => decode(k));
  for (const withRules of [false, true]) {
    const rules = withRules && name.startsWith('bench') ? makeRules() : [];
    if (withRules && rules.length === 0) continue;
    const state = new FeedState();
    state.setInstruments(instruments);
    const alerts = new AlertEvaluator();
    alerts.setRules(rules);
    alerts.onAlert(() => {});
    state.onTickFolded = (tick, market) => alerts.onTick(tick, false, state.epoch, market);
    const batcher = new Batcher(state, () => {});
    const consumer = batcher.attach((batch) => consumer.ack(batch.seq));
    // Warm-up and every step after it fold the frames in order, so no seq is seen twice.
    for (let k = 0; k < warmFrames; k++) state.applyTicks(decoded[k]!, () => {});
    nextFrame = warmFrames;
    let sinceBatch = 0;
    const label = withRules ? `${rules.length} rules` : 'no rules';
    lines.push(
      await perTick(`fold, ${label}`, frames, (k) => void state.applyTicks(decoded[k]!, () => {})),
    );
    lines.push(
      await perTick(`fold and a batch every ${BATCH_EVERY_TICKS} ticks, ${label}`, frames, (k) => {
        state.applyTicks(decoded[k]!, () => {});
        sinceBatch += counts[k]!;
        if (sinceBatch < BATCH_EVERY_TICKS) return;
        sinceBatch -= BATCH_EVERY_TICKS;
        batcher.flush(decoded[k]![0]!.ts, () => HEALTH, 0);
      }),
    );
    if (withRules) {
      const alone = new AlertEvaluator();
      alone.setRules(rules);
      for (let k = 0; k < warmFrames; k++)
        for (const tick of decoded[k]!) alone.onTick(tick, false, 1);
      lines.push(
        await perTick(`evaluator alone, ${label}`, frames, (k) => {
          for (const tick of decoded[k]!) alone.onTick(tick, false, 1);
        }),
      );
    }
  }
  return lines;
}

async function main(): Promise<void> {
  // Enough for the warm-up and the three steps that fold after it, with a chunk to spare.
  const tickCount = WARM_TICKS + (3 * CHUNKS + 1) * CHUNK_TICKS;
  const ticks = makeTicks(tickCount);
  const lines = await mix('bench mix (alerts bench)', toFrames(ticks, FRAME_TICKS), INSTRUMENT_IDS);
  const sim = await simulatorFrames(tickCount);
  lines.push(
    ...(await mix(
      `simulator mix (${SIMULATOR_RATE / 1_000}k ticks/s, books)`,
      sim.frames,
      sim.ids,
    )),
  );
  console.log(lines.join('\n'));
}

await main();
