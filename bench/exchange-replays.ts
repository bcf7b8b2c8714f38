/**
 * bench/replay.bench.ts's exchange replays: two Kraken recordings, a small one
 * (BENCH_REPLAY_EXCHANGE_MB on disk, default 0.5) and one EXCHANGE_SIZE_FACTOR times larger,
 * each replayed as the in-app replay does in a process of its own
 * (bench/exchange-replay-process.ts), alternating over EXCHANGE_ROUNDS rounds; with
 * BENCH_REPLAY_BASELINE naming another checkout, the large one by that checkout's code too.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openRecording, RecordingWriter } from '../recording';
import { KRAKEN_TICKER_UPDATE } from '../test-support/kraken-payloads';
import type { ExchangeReplayStats } from './exchange-replay-process';
import { median } from './numbers';
import { readAmount, type BenchResult } from './report';

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
  const range = `${Math.min(...ratios).toFixed(digits)}–${Math.max(...ratios).toFixed(digits)}`;
  return { median: median(ratios), range };
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

/** Generates both recordings under `dir`, replays them and gives the figures. */
export async function exchangeReplays(dir: string): Promise<BenchResult[]> {
  const exchangeMb = readAmount('BENCH_REPLAY_EXCHANGE_MB', DEFAULT_EXCHANGE_MB, 10_000);
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
    const values = runs.map(of);
    return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
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
  const later = compare((r) => r.laterRateRatio ?? NaN, 2);
  const halves = (n: number) => (Number.isNaN(n) ? 'none (one segment)' : n.toFixed(2));
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
  return [
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
      note: `medians of translated messages read after the open; ${rate.ranges}; rate in the later half of the segments over the first half: large ${halves(later.large)}, small ${halves(later.small)}`,
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
  ];
}
