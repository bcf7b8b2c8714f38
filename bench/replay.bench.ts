/**
 * Replay benchmarks: how fast the recording reader streams messages at full speed, against a
 * plain gunzip-and-split of the same files measured in the same run; and how long a seek takes
 * in a large recording. The recording is generated first (synthetic ticks through the real
 * writer); its size comes from BENCH_REPLAY_MB (on-disk MiB, default 32 so a run stays under a
 * minute on a small machine; the figure is about 1024).
 *
 *
 * It also opens an exchange recording (raw Kraken messages, BENCH_REPLAY_EXCHANGE_MB on disk,
 * default 2) as the in-app replay does, against opening its index alone in the same run, and
 * reports the live memory the open leaves held: issue 14 wants it streamed (a 1 GB one opens in
 * under a second, memory flat), and these figures show how far it is.
 *
 *   npx tsx bench/replay.bench.ts
 *   BENCH_REPLAY_MB=1024 npx tsx bench/replay.bench.ts
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { exchangeFrameTranslator } from '../main/feed/adapters/replay-translator';
import {
  openRecording,
  type Recording,
  RecordingWriter,
  seek,
  startReplayServer,
} from '../recording';
import { KRAKEN_TICKER_UPDATE } from '../test-support/exchange-payloads';
import { syntheticFrames } from '../test-support/recording-traffic';
import { printResults, type BenchResult } from './report';

const DEFAULT_MB = 32;
const DEFAULT_EXCHANGE_MB = 2;

// A full collection before each memory reading: what the open holds, not garbage not yet freed.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const liveBytes = () => {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

/** Writes a Kraken recording of about `targetBytes` on disk: ticker updates, one per ms. */
async function generateExchange(dir: string, targetBytes: number): Promise<number> {
  const t0 = 1_764_100_000_000;
  const writer = await RecordingWriter.create({
    dir,
    source: 'kraken:ALGO/USD',
    feed: 'kraken:ALGO/USD',
    now: () => t0,
  });
  const update = JSON.stringify(JSON.parse(KRAKEN_TICKER_UPDATE));
  let messages = 0;
  for (;;) {
    const bid = (0.1 + (messages % 1_000) * 1e-5).toFixed(5);
    writer.write(update.replace('"bid":0.10025', `"bid":${bid}`), t0 + messages);
    if (++messages % 20_000 === 0) {
      await writer.flush();
      if (writer.stats().bytes >= targetBytes) break;
    }
  }
  await writer.close();
  return messages;
}
const SEEKS = 40;

async function generate(
  dir: string,
  targetBytes: number,
): Promise<{ messages: number; ms: number }> {
  const began = performance.now();
  const frames = syntheticFrames({ messages: Number.MAX_SAFE_INTEGER, stepMs: 1, instruments: 50 });
  const first = frames.next().value!;
  const writer = await RecordingWriter.create({ dir, source: 'bench', now: () => first.t });
  writer.write(first.raw, first.t);
  let messages = 1;
  for (const f of frames) {
    writer.write(f.raw, f.t);
    if (++messages % 20_000 === 0) {
      await writer.flush(); // lets zlib drain, so memory stays flat
      if (writer.stats().bytes >= targetBytes) break;
    }
  }
  await writer.close();
  return { messages, ms: performance.now() - began };
}

function segmentFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson.gz'))
    .sort()
    .map((f) => join(dir, f));
}

/** The baseline: gunzip every segment and split it into lines, nothing else. */
function gunzipAndSplit(dir: string): number {
  let lines = 0;
  for (const file of segmentFiles(dir))
    lines += gunzipSync(readFileSync(file)).toString('utf8').split('\n').length - 1;
  return lines;
}

async function readAll(dir: string): Promise<number> {
  // Segment by segment, as the replay server reads (the per-entry async iterator is for tools).
  const recording = await openRecording(dir);
  let messages = 0;
  for (let i = 0; i < recording.segments.length; i++) {
    const { entries } = await recording.segment(i);
    for (let j = 0; j < entries.length; j++) if (entries[j]!.kind === 'message') messages++;
  }
  return messages;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const began = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - began };
}

export async function run(): Promise<BenchResult[]> {
  const mb = Number(process.env.BENCH_REPLAY_MB ?? DEFAULT_MB);
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-bench-replay-'));
  try {
    const gen = await generate(dir, mb * 1024 * 1024);
    const files = segmentFiles(dir);
    // Warm the page cache and the JIT once, then measure each side twice and keep the best.
    gunzipAndSplit(dir);
    const base = [await timed(() => gunzipAndSplit(dir)), await timed(() => gunzipAndSplit(dir))];
    const read = [await timed(() => readAll(dir)), await timed(() => readAll(dir))];
    const baseBest = Math.min(...base.map((b) => b.ms));
    const readBest = Math.min(...read.map((r) => r.ms));
    const lines = base[0]!.value;
    const messages = read[0]!.value;
    const baseRate = (lines / baseBest) * 1000;
    const readRate = (messages / readBest) * 1000;

    const opened = await timed(() => openRecording(dir));
    const recording = opened.value;
    const span = recording.end - recording.start;
    // Baseline: the same seeks without restart points (decode the segment, fold from its checkpoint).
    const withoutRestartPoints: Recording = {
      ...recording,
      segments: recording.segments.map((seg) => ({
        ...seg,
        checkpoints: seg.checkpoints.map(({ deflateOffset: _, ...c }) => c),
      })),
    };
    const seekP50 = async (rec: Recording): Promise<{ p50: number; max: number }> => {
      const latencies: number[] = [];
      for (let i = 0; i < SEEKS; i++) {
        const t = rec.start + ((i * 7919) % SEEKS) * (span / SEEKS) + 1234;
        latencies.push((await timed(() => seek(rec, t))).ms);
      }
      latencies.sort((a, b) => a - b);
      return { p50: latencies[Math.floor(latencies.length / 2)]!, max: latencies.at(-1)! };
    };
    const fast = await seekP50(recording);
    const slow = await seekP50(withoutRestartPoints);
    const exchangeMb = Number(process.env.BENCH_REPLAY_EXCHANGE_MB ?? DEFAULT_EXCHANGE_MB);
    const exchangeDir = join(dir, 'exchange');
    const exchangeMessages = await generateExchange(exchangeDir, exchangeMb * 1024 * 1024);
    const indexOnly = await timed(() => openRecording(exchangeDir));
    const heldBefore = liveBytes();
    const served = await timed(() =>
      startReplayServer({ dir: exchangeDir, translate: exchangeFrameTranslator, private: true }),
    );
    const held = liveBytes() - heldBefore;
    await served.value.close();
    const exchangeSize = `${exchangeMb} MiB on disk, ${exchangeMessages.toLocaleString('en-US')} Kraken messages`;

    const size = `${mb} MiB on disk, ${files.length} segments, ${messages.toLocaleString('en-US')} messages (generated in ${(gen.ms / 1000).toFixed(1)} s)`;
    return [
      {
        name: 'replay read at full speed',
        value: readRate,
        unit: 'messages/s',
        baseline: baseRate,
        ratio: readRate / baseRate,
        note: `baseline: gunzip + split of the same files (${lines.toLocaleString('en-US')} lines); ${size}`,
      },
      { name: 'open recording (index)', value: opened.ms, unit: 'ms', note: size },
      {
        name: 'open exchange recording for replay',
        value: served.ms,
        unit: 'ms',
        baseline: indexOnly.ms,
        ratio: served.ms / indexOnly.ms,
        note: `baseline: opening its index alone; ${exchangeSize}; translated whole at open (not yet streamed)`,
      },
      {
        name: 'memory held by an open exchange replay',
        value: held / 2 ** 20,
        unit: 'MiB',
        note: `live heap and buffers after a full GC; ${exchangeSize}`,
      },
      {
        name: 'seek latency p50',
        value: fast.p50,
        unit: 'ms',
        baseline: slow.p50,
        ratio: fast.p50 / slow.p50,
        note: `${SEEKS} seeks over ${(span / 1000).toFixed(0)} s of recorded time; baseline: the same seeks decoding the whole segment (no restart points)`,
      },
      {
        name: 'seek latency max',
        value: fast.max,
        unit: 'ms',
        baseline: slow.max,
        ratio: fast.max / slow.max,
        note: `over ${SEEKS} seeks`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printResults('Replay', await run());
}
