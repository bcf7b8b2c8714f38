/**
 * Tick-to-alert latency: how long after a tick's timestamp the engine's alert reaches the host's
 * thread, at 50k (and 5k) ticks/s from the simulator (a child process, with its order books)
 * over 1,000 instruments (BENCH_ALERT_LATENCY_INSTRUMENTS sets another count), as the issue
 * asks. The engine runs in its worker thread, as in the app (`createWorkerFeedEngine`, with the
 * bench's worker entry: the same serving code plus probes, bench/alert-latency-worker.ts). The
 * baseline, in the same run and on the same ticks, is the path the page's data takes: a tick's
 * timestamp to the batch carrying it reaching a consumer on the host's thread (30 batches/s; the
 * consumer declares a page's interest: a screen of rows, a few charts, one book). PROBE_RULES
 * instruments have an `above 0 every 100ms` rule, so each fires about ten times a second on
 * whichever tick comes first after its cooldown: hundreds of alerts a run.
 *
 * Where the time goes, per alert: *read* is the tick's timestamp to the worker's socket handler
 * taking the frame that carries it (the simulator stamps a tick when it makes it and sends it
 * at once, so this is the wire and whatever held the worker's loop); *handle* is that moment to
 * the rule firing (decoding and folding the frame's ticks up to this one); *hop* is firing to
 * the host's thread hearing of it. For the slow alerts (tick to host at least SLOW_MS), the
 * wait before the frame was read is split by the worker's own timeline (GC pauses, stalls ending
 * in a batch post, stalls taking frames, empty stalls, the rest: bench/alert-latency-split.ts).
 *
 *   node --import tsx bench/run.ts alert-latency
 */
import { readSetting, type BenchResult } from './report';
import { BATCH_HZ, measureRun, PROBE_RULES, SLOW_MS, type RunFigures } from './alert-latency-run';

/** The rate, and a light one that shows what the machine's load adds. */
const RATES = [50_000, 5_000] as const;
const DEFAULT_INSTRUMENTS = 1_000;
const REPEATS = 3;

export async function run(): Promise<BenchResult[]> {
  const instruments = readSetting('BENCH_ALERT_LATENCY_INSTRUMENTS', DEFAULT_INSTRUMENTS, 100_000);
  if (instruments < PROBE_RULES)
    throw new RangeError(`BENCH_ALERT_LATENCY_INSTRUMENTS must be at least ${PROBE_RULES}`);
  const results: BenchResult[] = [];
  for (const rate of RATES) results.push(...(await atRate(rate, instruments)));
  return results;
}

async function atRate(ticksPerSec: number, instruments: number): Promise<BenchResult[]> {
  const runs: RunFigures[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await measureRun(16 + i, ticksPerSec, instruments));
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
  const of = (pick: (r: RunFigures) => number) => range(runs.map(pick));
  const last = runs.at(-1)!;
  const ratios = runs.map((r) => r.alert.p99 / r.batch.p99);
  const setting = `${ticksPerSec / 1_000}k ticks/s over ${instruments} instruments`;
  return [
    {
      name: `tick-to-alert p99 at ${setting} (host thread, engine in its worker)`,
      value: last.alert.p99,
      unit: 'ms',
      baseline: last.batch.p99,
      ratio: ratios.at(-1),
      note:
        `baseline: tick-to-batch p99 at ${BATCH_HZ} Hz, same run; ${REPEATS} runs: alert p99 ` +
        `${of((r) => r.alert.p99)} ms (${of((r) => r.alert.count)} alerts a run), batch p99 ` +
        `${of((r) => r.batch.p99)} ms, ratio ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
    },
    {
      name: `tick-to-alert p50 at ${setting}`,
      value: last.alert.p50,
      unit: 'ms',
      baseline: last.batch.p50,
      note: `${REPEATS} runs: alert p50 ${of((r) => r.alert.p50)} ms, batch p50 ${of((r) => r.batch.p50)} ms`,
    },
    {
      name: `where an alert's p99 goes at ${setting}: tick to the frame read / read to fired`,
      value: last.read.p99,
      unit: 'ms (read p99)',
      baseline: last.handle.p99,
      note:
        `${REPEATS} runs: read p50 / p99 ${of((r) => r.read.p50)} / ${of((r) => r.read.p99)} ms, ` +
        `handle ${of((r) => r.handle.p50)} / ${of((r) => r.handle.p99)} ms, hop to the host ` +
        `${of((r) => r.hop.p50)} / ${of((r) => r.hop.p99)} ms; engine's worker: GC ` +
        `${of((r) => r.gc.count)} pauses, ${of((r) => r.gc.totalMs)} ms in all, the longest ` +
        `${of((r) => r.gc.maxMs)} ms; batch post p99 ${of((r) => r.post.p99)} ms, longest ` +
        `${of((r) => r.post.maxMs)} ms; loop delay p99 ${of((r) => r.loopP99Ms)} ms, longest ` +
        `${of((r) => r.maxStallMs)} ms; ingest ${of((r) => r.ticksPerSec)} ticks/s ` +
        `(offered ${ticksPerSec} plus book ticks)`,
    },
    {
      name: `the slow alerts' wait before their frame was read at ${setting} (tick to host ≥ ${SLOW_MS} ms)`,
      value: last.slow.waitMs,
      unit: 'ms summed',
      note:
        `${REPEATS} runs, per run: ` +
        runs
          .map(({ slow: w }) => {
            const pct = (x: number) => (w.waitMs > 0 ? ((100 * x) / w.waitMs).toFixed(0) : '0');
            return (
              `${w.alerts} slow alerts, ${w.waitMs.toFixed(0)} ms waiting: GC ${pct(w.gcMs)} %, ` +
              `stalls ending in a batch post ${pct(w.batchMs)} %, stalls taking frames ` +
              `${pct(w.framesMs)} %, stalls with nothing of ours running ${pct(w.emptyMs)} %, ` +
              `no stall of the worker ${pct(w.outsideMs)} %`
            );
          })
          .join('; '),
    },
  ];
}
