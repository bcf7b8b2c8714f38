/**
 * The host's side of the rule states at scale (issue 16): how long the app host's main thread
 * spends on alert states with 10,000 rules over 1,000 instruments at 200k ticks/s (the
 * simulator in its own process, quotes and trades only; the engine in its worker, as the app
 * runs it), in a window where no rule's state changes. It times, by patching them, every
 * synchronous `alertStates` query the host makes (the main thread blocked until the worker
 * answers: `WorkerKeeper.query`) and every comparison of states the host runs (`HostAlerts`'s
 * `tell`), then, after the window, `SAMPLES` sync reads of all states one after another, which
 * is what each of the 5 s polls cost before the twenty-seventh session (docs/PERFORMANCE.md,
 * "Alerts at scale: rule states told when they change").
 *
 *   node --import tsx bench/alert-states-poll.ts [windowMs]
 */
import { loadavg } from 'node:os';
import { createAppHost } from '../main/host/host';
import { HostAlerts } from '../main/host/host-alerts';
import { WorkerKeeper } from '../main/feed/worker-keeper';
import { liveMarkets, rulesAround } from './alert-rule-mix';
import { percentile } from './numbers';
import { sleep } from './children';
import { startSimulatorProcess } from './product-processes';

const RULES = 10_000;
const WARMUP_MS = 8_000;
const WINDOW_MS = Number(process.argv[2] ?? 30_000);
const SAMPLES = 20;

let queries: number[] = [];
let tells: number[] = [];
let keeper: WorkerKeeper | null = null;

const query = WorkerKeeper.prototype.query;
WorkerKeeper.prototype.query = function (this: WorkerKeeper, ...args) {
  // The host's keeper, for the reads after the window.
  // eslint-disable-next-line @typescript-eslint/no-this-alias
  keeper = this;
  if (args[0] !== 'alertStates') return query.apply(this, args);
  const t = performance.now();
  try {
    return query.apply(this, args);
  } finally {
    queries.push(performance.now() - t);
  }
} as typeof query;
const proto = HostAlerts.prototype as unknown as { tell: (...args: unknown[]) => void };
const tell = proto.tell;
proto.tell = function (this: HostAlerts, ...args: unknown[]) {
  const t = performance.now();
  try {
    tell.apply(this, args);
  } finally {
    tells.push(performance.now() - t);
  }
};

const ms = (xs: readonly number[]) =>
  xs.length === 0
    ? 'none'
    : `${xs.length}: median ${percentile(xs, 0.5).toFixed(2)}, max ${Math.max(...xs).toFixed(2)} ms (total ${xs.reduce((a, b) => a + b, 0).toFixed(1)} ms)`;

const sim = await startSimulatorProcess({ rate: 200_000, instruments: 1_000, bookLevels: 0 });
try {
  const markets = await liveMarkets(sim.url);
  const host = await createAppHost({
    settingsPath: null,
    overrides: { feed: sim.url },
    alertRules: rulesAround(markets, RULES),
  });
  try {
    const load = loadavg()[0]!;
    await sleep(WARMUP_MS);
    queries = [];
    tells = [];
    await sleep(WINDOW_MS);
    console.log(
      `window ${WINDOW_MS / 1_000} s, load ${load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
    );
    console.log(`  sync alertStates queries (host blocked): ${ms(queries)}`);
    console.log(`  comparisons of states (tell): ${ms(tells)}`);
    queries = [];
    for (let i = 0; i < SAMPLES; i++) {
      keeper!.query('alertStates');
      await sleep(250);
    }
    console.log(`  ${SAMPLES} sync reads of all states, 250 ms apart: ${ms(queries)}`);
  } finally {
    await host.close();
  }
} finally {
  await sim.stop();
}
