/**
 * Replay benchmarks: how fast the recording reader streams messages at full speed, against a
 * plain gunzip-and-split of the same files measured in the same run; and how long a seek takes
 * in a large recording. The recording is generated first (synthetic ticks through the real
 * writer); its size comes from BENCH_REPLAY_MB (on-disk MiB, default 32 so a run stays under a
 * minute on a small machine; the figure is about 1024).
 *
 * It also replays two exchange recordings (raw Kraken messages) as the in-app replay does, each
 * in a process of its own (bench/exchange-replay-process.ts): a small one (BENCH_REPLAY_EXCHANGE_MB
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
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { openRecording, type Recording, RecordingWriter, seek } from '../recording';
import { KRAKEN_TICKER_UPDATE } from '../test-support/kraken-payloads';
import { syntheticFrames } from '../test-support/recording-traffic';
import type { ExchangeReplayStats } from './exchange-replay-process';
import { runLargeExchange } from './replay-large-exchange';
import { printResults, readSetting, type BenchResult } from './report';

const DEFAULT_MB = 32;
const DEFAULT_EXCHANGE_MB = 0.5;
/** How much larger the large exchange recording is than the small one. */
const EXCHANGE_SIZE_FACTOR = 10;
/** Rounds of the exchange replays, each size (and the baseline, if any) once a round. */
const EXCHANGE_ROUNDS = 3;
/** Longest one exchange replay process may run, ms. */
const EXCHANGE_REPLAY_TIMEOUT_MS = 20 * 60_000;

/** This checkout's replay process; a baseline checkout has its own at the same place. */
const REPLAY_PROCESS = fileURLToPath(new URL('exchange-replay-process.ts', import.meta.url));

/**
 * Replays the exchange recording in `dir` in a process of its own (see the module comment),
 * with this checkout's code or, given `checkout`, that one's.
 */
async function replayExchange(dir: string, checkout?: string): Promise<ExchangeReplayStats> {
  const script = checkout ? join(checkout, 'bench', 'exchange-replay-process.ts') : REPLAY_PROCESS;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', script, dir],
    { timeout: EXCHANGE_REPLAY_TIMEOUT_MS, ...(checkout && { cwd: checkout }) },
  );
  return JSON.parse(stdout) as ExchangeReplayStats;
}

/** Translated messages per second over the whole replay, open included. */
const translationRate = (r: ExchangeReplayStats): number =>
  (r.messages / (r.openMs + r.playMs)) * 1000;

/** Median and range of per-round ratios, `digits` decimals. */
function ratioFigure(ratios: number[], digits = 2): { median: number; range: string } {
  const sorted = [...ratios].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    range: `${sorted[0]!.toFixed(digits)}–${sorted.at(-1)!.toFixed(digits)}`,
  };
}

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
    const exchangeMb = readSetting('BENCH_REPLAY_EXCHANGE_MB', DEFAULT_EXCHANGE_MB, 10_000);
    const exchangeSize = async (name: string, mib: number) => {
      const at = join(dir, name);
      const recorded = await generateExchange(at, mib * 1024 * 1024);
      const { segments } = await openRecording(at);
      return {
        dir: at,
        label: `${mib} MiB on disk, ${segments.length} segments, ${recorded.toLocaleString('en-US')} Kraken messages`,
      };
    };
    const small = await exchangeSize('exchange-small', exchangeMb);
    const large = await exchangeSize('exchange-large', exchangeMb * EXCHANGE_SIZE_FACTOR);
    // Alternated, so the load of the machine falls on both sizes alike; medians are reported.
    const smallRuns: ExchangeReplayStats[] = [];
    const largeRuns: ExchangeReplayStats[] = [];
    const baseline = process.env.BENCH_REPLAY_BASELINE;
    const baselineRuns: ExchangeReplayStats[] = [];
    for (let round = 0; round < EXCHANGE_ROUNDS; round++) {
      smallRuns.push(await replayExchange(small.dir));
      largeRuns.push(await replayExchange(large.dir));
      if (baseline) baselineRuns.push(await replayExchange(large.dir, baseline));
    }
    const figure = (runs: ExchangeReplayStats[], of: (run: ExchangeReplayStats) => number) => {
      const values = runs.map(of).sort((a, b) => a - b);
      return {
        median: values[Math.floor(values.length / 2)]!,
        min: values[0]!,
        max: values.at(-1)!,
      };
    };
    const compare = (of: (run: ExchangeReplayStats) => number, digits: number) => {
      const [s, l] = [figure(smallRuns, of), figure(largeRuns, of)];
      const range = (f: typeof s) => `${f.min.toFixed(digits)}–${f.max.toFixed(digits)}`;
      return {
        small: s.median,
        large: l.median,
        ranges: `large ${range(l)}, small ${range(s)} over ${EXCHANGE_ROUNDS} rounds`,
      };
    };
    const mib = (bytes: number) => bytes / 2 ** 20;
    const open = compare((r) => r.openMs, 0);
    const peak = compare((r) => mib(r.peakRss), 0);
    const afterOpen = compare((r) => mib(r.rssAfterOpen), 0);
    const rate = compare((r) => (r.messages / r.playMs) * 1000, 0);
    const later = compare((r) => r.laterRateRatio, 2);
    const liveOpen = compare((r) => mib(r.liveAfterOpen), 0);
    const liveEnd = compare((r) => mib(r.liveAtEnd), 0);
    const sizes = `large: ${large.label}; small: ${small.label}`;
    const translated = compare(translationRate, 0);
    const againstBaseline = (of: (run: ExchangeReplayStats) => number) =>
      ratioFigure(largeRuns.map((run, i) => of(run) / of(baselineRuns[i]!)));
    const baselineResults: BenchResult[] = baseline
      ? [
          {
            name: 'open exchange recording for replay, large, against the baseline checkout',
            value: open.large,
            unit: 'ms',
            baseline: figure(baselineRuns, (r) => r.openMs).median,
            ratio: againstBaseline((r) => r.openMs).median,
            note: `medians; ratio: median of ${EXCHANGE_ROUNDS} same-round ratios (range ${againstBaseline((r) => r.openMs).range}); baseline: ${baseline}; ${large.label}`,
          },
          {
            name: 'exchange translation rate, large, against the baseline checkout',
            value: translated.large,
            unit: 'messages/s',
            baseline: figure(baselineRuns, translationRate).median,
            ratio: againstBaseline(translationRate).median,
            note: `translated messages over open + reading every segment; ratio: median of ${EXCHANGE_ROUNDS} same-round ratios (range ${againstBaseline(translationRate).range})`,
          },
          {
            name: 'exchange replay live memory at the end, large, against the baseline checkout',
            value: liveEnd.large,
            unit: 'MiB',
            baseline: mib(figure(baselineRuns, (r) => r.liveAtEnd).median),
            ratio: againstBaseline((r) => r.liveAtEnd).median,
            note: `live heap and buffers after a full GC once every segment was read; ratio: median of ${EXCHANGE_ROUNDS} same-round ratios (range ${againstBaseline((r) => r.liveAtEnd).range}); peak RSS ${peak.large.toFixed(0)} vs ${mib(figure(baselineRuns, (r) => r.peakRss).median).toFixed(0)} MiB`,
          },
        ]
      : [];

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
        name: 'open exchange recording for replay, large',
        value: open.large,
        unit: 'ms',
        baseline: open.small,
        ratio: open.large / open.small,
        note: `medians; baseline: the small one, same run; ${open.ranges}; ${sizes}`,
      },
      {
        name: 'exchange replay peak RSS, large',
        value: peak.large,
        unit: 'MiB',
        baseline: peak.small,
        ratio: peak.large / peak.small,
        note: `medians; whole process, open then every segment read; ${peak.ranges}; RSS after open ${afterOpen.large.toFixed(0)} vs ${afterOpen.small.toFixed(0)} MiB`,
      },
      {
        name: 'exchange replay live memory at the end, large',
        value: liveEnd.large,
        unit: 'MiB',
        baseline: liveEnd.small,
        ratio: liveEnd.large / liveEnd.small,
        note: `medians; live heap and buffers after a full GC once every segment was read; ${liveEnd.ranges}; after the open: large ${liveOpen.large.toFixed(0)}, small ${liveOpen.small.toFixed(0)} MiB`,
      },
      {
        name: 'exchange replay read rate, large',
        value: rate.large,
        unit: 'messages/s',
        baseline: rate.small,
        ratio: rate.large / rate.small,
        note: `medians of translated messages read after the open; ${rate.ranges}; rate in the later half of the segments over the first half: large ${later.large.toFixed(2)}, small ${later.small.toFixed(2)}`,
      },
      {
        name: 'exchange translation rate, large',
        value: translated.large,
        unit: 'messages/s',
        baseline: translated.small,
        ratio: translated.large / translated.small,
        note: `medians of translated messages over open + reading every segment; ${translated.ranges}`,
      },
      ...baselineResults,
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
