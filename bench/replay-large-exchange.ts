/**
 * The replay bench's opt-in large case (BENCH_REPLAY_HUGE_MB, e.g. 1024): a Kraken recording of
 * that size on disk and a small one of the same shape (BENCH_REPLAY_HUGE_BASELINE_MB, default
 * 16), written fast by bench/kraken-recording.ts into a temporary folder and removed after.
 * Each is opened in a process of its own (bench/exchange-open-process.ts), alternating, for
 * EXCHANGE_OPEN_ROUNDS rounds: open to the first data frame on a client, peak RSS, and a seek to
 * 90 % of the recording to the first data frame after it, bounded by BENCH_REPLAY_SEEK_TIMEOUT_S
 * (default 60): an exchange recording translates up to a seek target first, so a far seek in a
 * large one takes longer than any bench should wait; the note then gives the time the small
 * recording's own seek rate projects.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ExchangeOpenStats } from './exchange-open-process';
import { writeKrakenRecording, type WrittenRecording } from './kraken-recording';
import { readSetting, type BenchResult } from './report';

const EXCHANGE_OPEN_ROUNDS = 3;
const SEEK_FRACTION = 0.9;
const DEFAULT_BASELINE_MB = 16;
const DEFAULT_SEEK_TIMEOUT_S = 60;
/** Beyond the seek's own bound: starting the process, opening, closing. */
const PROCESS_SLACK_MS = 180_000;

const OPEN_PROCESS = fileURLToPath(new URL('exchange-open-process.ts', import.meta.url));

async function openExchange(dir: string, seekTimeoutMs: number): Promise<ExchangeOpenStats> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', OPEN_PROCESS, dir, String(SEEK_FRACTION), String(seekTimeoutMs)],
    { timeout: seekTimeoutMs + PROCESS_SLACK_MS },
  );
  return JSON.parse(stdout) as ExchangeOpenStats;
}

/** Median and `min–max` of `values`, `digits` decimals. */
function spread(values: number[], digits = 0): { median: number; range: string } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    range: `${sorted[0]!.toFixed(digits)}–${sorted.at(-1)!.toFixed(digits)}`,
  };
}

const mib = (bytes: number): number => bytes / 2 ** 20;

function describe(name: string, w: WrittenRecording, genMs: number): string {
  const size = `${mib(w.bytes).toFixed(0)} MiB`;
  const count = w.messages.toLocaleString('en-US');
  return `${name}: ${size} on disk, ${w.segments} segments, ${count} Kraken messages (written in ${(genMs / 1000).toFixed(0)} s)`;
}

/** Runs the large case when BENCH_REPLAY_HUGE_MB is set; [] otherwise. */
export async function runLargeExchange(): Promise<BenchResult[]> {
  if (!process.env.BENCH_REPLAY_HUGE_MB) return [];
  const hugeMb = readSetting('BENCH_REPLAY_HUGE_MB', 0, 20_000);
  const smallMb = readSetting('BENCH_REPLAY_HUGE_BASELINE_MB', DEFAULT_BASELINE_MB, 20_000);
  const seekTimeoutMs =
    readSetting('BENCH_REPLAY_SEEK_TIMEOUT_S', DEFAULT_SEEK_TIMEOUT_S, 3_600) * 1000;
  if (!(smallMb < hugeMb))
    throw new RangeError('BENCH_REPLAY_HUGE_BASELINE_MB must be below BENCH_REPLAY_HUGE_MB');
  const root = mkdtempSync(join(tmpdir(), 'tickdeck-bench-huge-'));
  try {
    const write = (name: string, mb: number) => {
      const began = performance.now();
      const written = writeKrakenRecording(join(root, name), mb * 2 ** 20);
      return {
        dir: join(root, name),
        written,
        label: describe(name, written, performance.now() - began),
      };
    };
    const small = write('small', smallMb);
    const huge = write('large', hugeMb);
    console.log(`  ${huge.label}\n  ${small.label}`);
    const smallRuns: ExchangeOpenStats[] = [];
    const hugeRuns: ExchangeOpenStats[] = [];
    // Alternated, so the machine's load falls on both alike.
    for (let round = 0; round < EXCHANGE_OPEN_ROUNDS; round++) {
      smallRuns.push(await openExchange(small.dir, seekTimeoutMs));
      hugeRuns.push(await openExchange(huge.dir, seekTimeoutMs));
      console.log(`  round ${round + 1}: small ${JSON.stringify(smallRuns.at(-1))}`);
      console.log(`  round ${round + 1}: large ${JSON.stringify(hugeRuns.at(-1))}`);
    }
    const rounds = `${EXCHANGE_OPEN_ROUNDS} rounds`;
    const open = {
      huge: spread(hugeRuns.map((r) => r.openMs)),
      small: spread(smallRuns.map((r) => r.openMs)),
    };
    const ratios = spread(
      hugeRuns.map((r, i) => r.openMs / smallRuns[i]!.openMs),
      2,
    );
    const peak = {
      huge: spread(hugeRuns.map((r) => mib(r.peakRss))),
      small: spread(smallRuns.map((r) => mib(r.peakRss))),
    };
    const afterOpen = spread(hugeRuns.map((r) => mib(r.rssAfterOpen)));
    const smallSeeks = smallRuns.map((r) => r.seekMs).filter((ms): ms is number => ms !== null);
    const hugeSeeks = hugeRuns.map((r) => r.seekMs).filter((ms): ms is number => ms !== null);
    const smallSeek = smallSeeks.length > 0 ? spread(smallSeeks) : null;
    // The small one's seek translated SEEK_FRACTION of its messages: the rate a far seek runs at.
    const projectedS = smallSeek
      ? ((huge.written.messages / small.written.messages) * smallSeek.median) / 1000
      : null;
    const hugeSeekNote =
      hugeSeeks.length === hugeRuns.length
        ? `range ${spread(hugeSeeks).range} ms over ${rounds}`
        : `${hugeRuns.length - hugeSeeks.length} of ${EXCHANGE_OPEN_ROUNDS} seeks gave no frame within the ${seekTimeoutMs / 1000} s bound` +
          (projectedS === null
            ? ''
            : `; at the small one's seek rate it would take about ${projectedS.toFixed(0)} s`);
    return [
      {
        name: `open exchange recording to the first frame, ${hugeMb} MiB`,
        value: open.huge.median,
        unit: 'ms',
        baseline: open.small.median,
        ratio: ratios.median,
        note: `medians; ratio: median of per-round ratios (range ${ratios.range}); large ${open.huge.range} ms, small ${open.small.range} ms over ${rounds}; ${huge.label}; ${small.label}`,
      },
      {
        name: `exchange replay peak RSS (open, then a seek to ${SEEK_FRACTION * 100} %), ${hugeMb} MiB`,
        value: peak.huge.median,
        unit: 'MiB',
        baseline: peak.small.median,
        ratio: peak.huge.median / peak.small.median,
        note: `medians; large ${peak.huge.range}, small ${peak.small.range} MiB over ${rounds}; RSS at the first frame, large: ${afterOpen.range} MiB`,
      },
      {
        name: `seek to ${SEEK_FRACTION * 100} % to the first frame, ${hugeMb} MiB`,
        value: hugeSeeks.length > 0 ? spread(hugeSeeks).median : Number.NaN,
        unit: 'ms',
        ...(smallSeek && { baseline: smallSeek.median }),
        note: `${hugeSeekNote}; baseline: the small one's, range ${smallSeek?.range ?? 'none'} ms`,
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
