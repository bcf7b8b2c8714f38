/**
 * Replay benchmarks: how fast the recording reader streams messages at full speed, against a
 * plain gunzip-and-split of the same files measured in the same run; and how long a seek takes
 * in a large recording. The recording is generated first (synthetic ticks through the real
 * writer); its size comes from BENCH_REPLAY_MB (on-disk MiB, default 32 so a run stays under a
 * minute on a small machine; the figure is about 1024).
 *
 * It also replays two exchange recordings (raw Kraken messages) as the in-app replay does, each
 * in a process of its own (bench/exchange-replays.ts, exchange-replay-process.ts): a small one (BENCH_REPLAY_EXCHANGE_MB
 * on disk, default 0.5) and one EXCHANGE_SIZE_FACTOR times larger, in the same run. Streamed
 * translation should make the open time and the peak memory the same for both (ratios near 1).
 * With BENCH_REPLAY_BASELINE set to another checkout of Tickdeck (its node_modules installed or
 * linked), the large one is also replayed by that checkout's exchange-replay-process.ts in the
 * same rounds, and the open time and translation rate are reported as per-round ratios against
 * it: a same-run before/after of a change to translation.
 *
 *   npx tsx bench/replay.bench.ts
 *   BENCH_REPLAY_MB=1024 npx tsx bench/replay.bench.ts
 *   BENCH_REPLAY_BASELINE=/tmp/tickdeck-before npx tsx bench/replay.bench.ts
 *
 * With BENCH_REPLAY_HUGE_MB set it measures only the large exchange case instead (open to the
 * first frame, peak RSS and a far seek of a recording that size against a small one; see
 * bench/replay-large-exchange.ts), so the default run stays short:
 *
 *   BENCH_REPLAY_HUGE_MB=1024 npm run bench -- replay
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openRecording, type Recording, RecordingWriter, seek } from '../recording';
import { syntheticFrames } from '../test-support/recording-traffic';
import { exchangeReplays } from './exchange-replays';
import { runLargeExchange } from './replay-large-exchange';
import { printResults, readSetting, type BenchResult } from './report';

const DEFAULT_MB = 32;
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
  if (process.env.BENCH_REPLAY_HUGE_MB) return runLargeExchange();
  const mb = readSetting('BENCH_REPLAY_MB', DEFAULT_MB, 10_000);
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

    const exchange = await exchangeReplays(dir);
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
      ...exchange,
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
