/**
 * Alerts at scale on the whole path (issue 16): the engine process as the app runs it, with
 * 10,000 enabled rules against none. The seeded simulator in its own process at 200k market
 * ticks/s over 1,000 instruments (its default mix; its book ticks come on top); the engine and
 * browser-mode web host process (bench/engine-process.ts: the feed's socket, the engine in its
 * worker thread, the batches serialised and sent); and one consumer taking batches as a page
 * does (test-support/page-client.ts: a screen of watchlist rows and one chart declared, every
 * batch parsed and acked) in this process, not Chromium, whose page would take the cores the
 * engine needs on a small machine. The rules are bench/alert-rule-mix.ts's, made around each
 * instrument's price when the run starts.
 *
 * Runs alternate no rules / rules, the order turned every pair; each run starts its own
 * simulator (the same seeded feed) and engine process, takes a warm-up, then a measured window.
 * The figure is the engine process's CPU per tick ingested (`EngineStats.cpuUs / ticksTotal`),
 * the ratio with rules / without per pair, its median and range; beside it the ticks/s the
 * engine ingested (it must keep up), the event-loop lag p99 of the engine's worker thread
 * and the host main thread's over the window (1 ms probes: bench/loop-lag-probe.ts and the
 * engine process's own), and the worker's own per-second figure from each batch's health.
 *
 *   node --import tsx bench/run.ts alerts-engine
 *   BENCH_ALERTS_ENGINE_PAIRS=2 node --import tsx bench/run.ts alerts-engine   # fewer pairs
 *   BENCH_ALERTS_ENGINE_BOOK_LEVELS=0 ...     # the simulator without book ticks
 *   BENCH_ALERTS_ENGINE_CPU_PROF=<dir> ...    # --cpu-prof of each engine process into <dir>
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PageClient } from '../test-support/page-client';
import { liveMarkets, rulesAround } from './alert-rule-mix';
import { baseFirst, summarisePairs } from './pair-stats';
import { readSetting, type BenchResult } from './report';
import { bookLevelsSetting, startEngineProcess, startSimulatorProcess } from './product-processes';
import { buildRenderer } from './renderer-build';
import { percentile } from './numbers';
import { sleep } from './children';

const RULES = 10_000;
const RATE = readSetting('BENCH_ALERTS_ENGINE_RATE', 200_000, 2_000_000);
const INSTRUMENTS = readSetting('BENCH_ALERTS_ENGINE_INSTRUMENTS', 1_000, 100_000);
const PAIRS = readSetting('BENCH_ALERTS_ENGINE_PAIRS', 5, 20);
const MEASURE_MS = readSetting('BENCH_ALERTS_ENGINE_MS', 15_000, 600_000);
const BOOK_LEVELS = bookLevelsSetting('BENCH_ALERTS_ENGINE_BOOK_LEVELS');
const CPU_PROF_DIR = process.env.BENCH_ALERTS_ENGINE_CPU_PROF || null;
/** Feed before the window: the engine's rings and the rules' windows filling, the JIT warm. */
const WARMUP_MS = 8_000;
/** Watchlist rows a page shows with its overscan. */
const ROWS_IN_VIEW = 40;
/** The targets: CPU with rules against none; event-loop lag p99 with rules. */
const CPU_RATIO_TARGET = 1.15;
const LAG_P99_TARGET_MS = 10;

interface RunFigures {
  /** Engine process CPU per tick ingested, µs. */
  readonly cpuUsPerTick: number;
  /** Engine process CPU, cores. */
  readonly cores: number;
  readonly ticksPerSec: number;
  readonly batchesPerSec: number;
  readonly alerts: number;
  /** Event-loop lag p99 over the window (1 ms probes), ms. */
  readonly workerLagP99Ms: number;
  readonly hostLagP99Ms: number;
  /** The worst of the worker's per-second lag p99s in the window, as the batches' health says. */
  readonly healthLagP99Ms: number;
}

async function measureRun(withRules: boolean, label: string): Promise<RunFigures> {
  const rendererDir = await buildRenderer();
  const sim = await startSimulatorProcess({
    rate: RATE,
    instruments: INSTRUMENTS,
    bookLevels: BOOK_LEVELS,
  });
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-bench-alerts-engine-'));
  try {
    // Both arms read the prices, so both start their engine after the same steps.
    const markets = await liveMarkets(sim.url);
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify(withRules ? rulesAround(markets, RULES) : []));
    const profDir = CPU_PROF_DIR && join(CPU_PROF_DIR, label);
    if (profDir) mkdirSync(profDir, { recursive: true });
    const engine = await startEngineProcess(sim.url, rendererDir, {
      alerts: { rulesFile, settingsPath: join(dir, 'settings.json') },
      lag: true,
      nodeArgs: profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [],
    });
    try {
      const ids = markets.map((m) => m.id);
      const page = await PageClient.connect(engine.url, {
        rows: ids.slice(0, ROWS_IN_VIEW),
        charted: ids.slice(0, 1),
        selected: ids[0] ?? null,
      });
      try {
        await sleep(WARMUP_MS);
        await engine.lag();
        const before = await engine.stats();
        page.take();
        const startedAt = performance.now();
        await sleep(MEASURE_MS);
        const after = await engine.stats();
        const lag = await engine.lag();
        const elapsedMs = performance.now() - startedAt;
        const got = page.take();
        const ticks = after.ticksTotal - before.ticksTotal;
        const cpuUs = after.cpuUs - before.cpuUs;
        return {
          cpuUsPerTick: cpuUs / ticks,
          cores: cpuUs / 1_000 / elapsedMs,
          ticksPerSec: (ticks * 1_000) / elapsedMs,
          batchesPerSec: (got.batches * 1_000) / elapsedMs,
          alerts: got.alerts,
          workerLagP99Ms: lag.worker.p99Ms,
          hostLagP99Ms: lag.host.p99Ms,
          healthLagP99Ms: Math.max(...got.lagP99Ms),
        };
      } finally {
        page.close();
      }
    } finally {
      await engine.stop();
    }
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fixed = (xs: readonly number[], digits: number) =>
  xs.map((x) => x.toFixed(digits)).join(', ');

export async function run(): Promise<BenchResult[]> {
  const loadAtStart = loadavg()[0]!;
  const runs: { base: RunFigures; with: RunFigures }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    if (baseFirst(i)) {
      const base = await measureRun(false, `${i}-none`);
      runs.push({ base, with: await measureRun(true, `${i}-rules`) });
    } else {
      const withRules = await measureRun(true, `${i}-rules`);
      runs.push({ base: await measureRun(false, `${i}-none`), with: withRules });
    }
    const r = runs[i]!;
    console.log(
      `  pair ${i + 1}/${PAIRS}: ${(r.with.cpuUsPerTick / r.base.cpuUsPerTick).toFixed(3)}× ` +
        `(${r.with.cpuUsPerTick.toFixed(3)} / ${r.base.cpuUsPerTick.toFixed(3)} µs a tick; ` +
        `${Math.round(r.with.ticksPerSec)} / ${Math.round(r.base.ticksPerSec)} ticks/s; load ${loadavg()[0]!.toFixed(2)})`,
    );
  }
  const cpu = summarisePairs(
    runs.map((r) => ({ base: r.base.cpuUsPerTick, with: r.with.cpuUsPerTick })),
    CPU_RATIO_TARGET,
  );
  const withs = runs.map((r) => r.with);
  const bases = runs.map((r) => r.base);
  /** A figure of every run, with rules and without. */
  const both = (f: (r: RunFigures) => number, digits: number) =>
    `with rules ${fixed(withs.map(f), digits)}, without ${fixed(bases.map(f), digits)}`;
  const median = (rs: readonly RunFigures[], f: (r: RunFigures) => number) =>
    percentile(rs.map(f), 0.5);
  const books = BOOK_LEVELS === 0 ? 'no book ticks' : 'book ticks on (the default)';
  const setup = `${RATE / 1_000}k market ticks/s asked over ${INSTRUMENTS} instruments, ${books}; ${PAIRS} alternating pairs of ${MEASURE_MS / 1_000} s after ${WARMUP_MS / 1_000} s; one page-like consumer (${ROWS_IN_VIEW} rows, one chart); load average ${loadAtStart.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`;
  const lags = withs.flatMap((r) => [r.workerLagP99Ms, r.hostLagP99Ms]);
  const worstLag = Math.max(...lags);
  return [
    {
      name: `engine process CPU per tick, ${RULES.toLocaleString('en-US')} rules / ${INSTRUMENTS.toLocaleString('en-US')} instruments, whole path`,
      value: median(withs, (r) => r.cpuUsPerTick),
      unit: 'µs CPU per tick (median run)',
      baseline: median(bases, (r) => r.cpuUsPerTick),
      ratio: cpu.median,
      note: `target ≤ ${CPU_RATIO_TARGET}× (issue 16): ${cpu.met} of ${PAIRS} pairs met it; ratio per pair ${fixed(cpu.ratios, 3)} (range ${cpu.min.toFixed(3)}–${cpu.max.toFixed(3)}); µs a tick ${both((r) => r.cpuUsPerTick, 3)}; engine cores ${both((r) => r.cores, 2)}; ${setup}`,
    },
    {
      name: 'ticks/s the engine ingested',
      value: median(withs, (r) => r.ticksPerSec),
      unit: 'ticks/s (median run with rules)',
      baseline: median(bases, (r) => r.ticksPerSec),
      note: `asked ${RATE.toLocaleString('en-US')} market ticks/s (the simulator's \`--rate\`; book ticks come on top); ${both((r) => r.ticksPerSec, 0)}; batches/s to the consumer ${both((r) => r.batchesPerSec, 1)}; alerts fired in the window with rules ${withs.map((r) => r.alerts).join(', ')}`,
    },
    {
      name: `event-loop lag p99 with rules, the engine's worker and the host's main thread`,
      value: worstLag,
      unit: 'ms (worst run)',
      baseline: Math.max(...bases.flatMap((r) => [r.workerLagP99Ms, r.hostLagP99Ms])),
      note: `target < ${LAG_P99_TARGET_MS} ms: ${worstLag < LAG_P99_TARGET_MS ? 'met' : 'NOT met'} in the worst run (${lags.filter((l) => l < LAG_P99_TARGET_MS).length} of ${lags.length} figures under it); window p99, 1 ms probes: worker ${both((r) => r.workerLagP99Ms, 1)}; host main thread ${both((r) => r.hostLagP99Ms, 1)}; the worker's own figure (the worst second's p99 in the batches' health, 10 ms sampling) ${both((r) => r.healthLagP99Ms, 1)}`,
    },
  ];
}
