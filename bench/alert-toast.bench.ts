/**
 * Tick to toast: how long after a tick's timestamp the alert it fired is a toast in the page's
 * DOM, on the whole product path (simulator process → engine and browser-mode web host process,
 * alert log synced to disk → the built dashboard in headless Chromium), at 50k ticks/s (the
 * issue's rate; BENCH_ALERT_TOAST_RATE sets another) over 1,000 instruments (_INSTRUMENTS).
 * PROBE_RULES rules (`above 0 every 500ms`, each on its own instrument) fire about twice a
 * second each, on whichever tick comes first after their cooldown: some 400 alerts a round, so
 * a p99 is not the one worst alert of sixty, as it was with three probes firing once a second;
 * the tick's
 * `ts` is the simulator's wall clock when it made the tick, and all processes share this
 * machine's clock. Measured with no other rule and with 10,000 rules loaded (the probes plus
 * rules of every market condition spread over the instruments, bench/alert-rule-mix.ts's far
 * mix, none of which fires, so the toasts are the probes' alone), alternating, ROUNDS rounds
 * each.
 *
 * The page's side, from an init script (bench/toast-probes.ts): every alert event the page's WebSocket receives (its
 * tick's `ts`, and when it arrived), and when each new `alert-toast` element entered the DOM
 * (a MutationObserver), matched to its alert by the words it shows. An alert that never became
 * a toast (heard before the page listened) is counted apart. Where the time goes: the alert's
 * `firedAt` (the engine's wall clock when the rule fired) splits the path into the engine (tick
 * `ts` to fired: the feed's socket, decode, fold, evaluation) and what follows; a quiet listener,
 * a WebSocket client in this process on the same web host socket that takes no batches, hears
 * each alert as the host sends it (after the alert log's synced append), which splits what
 * follows into the host's part and the page's socket and message queue.
 *
 *   node --import tsx bench/run.ts alert-toast
 *   BENCH_ALERT_TOAST_RATE=5000 node --import tsx bench/run.ts alert-toast   # a lighter feed
 *   BENCH_ALERT_TOAST_INSTRUMENTS=20 node --import tsx bench/run.ts alert-toast   # a lighter page
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { AlertRule } from '../protocol/alerts';
import { TestClient } from '../test-support/capture-client';
import { mixRule } from './alert-rule-mix';
import { readSetting, type BenchResult } from './report';
import { buildRenderer } from './renderer-build';
import { launchBrowser, OPEN_TIMEOUT_MS } from './dashboard-browser';
import { sleep } from './children';
import { startEngineProcess, startSimulatorProcess } from './product-processes';
import { fmt, summarize, type RoundFigures } from './toast-figures';
import { listen, openPage } from './toast-probes';

const DEFAULT_TICKS_PER_SEC = 50_000;
const DEFAULT_INSTRUMENTS = 1_000;
const RULES = 10_000;
const PROBE_RULES = 10;
const PROBE_COOLDOWN_MS = 500;
const ROUNDS = 2;
/** Toasts of alerts fired before this are not counted (page load, first batches), ms. */
const WARMUP_MS = 4_000;
const DEFAULT_MEASURE_MS = 20_000;
/** The target for the p99. */
const P99_TARGET_MS = 100;

function rules(ids: readonly string[], loaded: boolean): AlertRule[] {
  const probes: AlertRule[] = ids.slice(0, PROBE_RULES).map((instrument, i) => ({
    id: `probe${i}`,
    instrument,
    condition: { type: 'above', level: 0, price: 'last' },
    trigger: { mode: 'every', cooldownMs: PROBE_COOLDOWN_MS },
    expiresAt: null,
    note: '',
    enabled: true,
  }));
  if (!loaded) return probes;
  const quiet = Array.from({ length: RULES - PROBE_RULES }, (_, n) =>
    mixRule(n, ids[n % ids.length] as string, null),
  );
  return [...probes, ...quiet];
}

async function round(
  browser: Browser,
  loaded: boolean,
  { rate, instruments, measureMs }: { rate: number; instruments: number; measureMs: number },
): Promise<RoundFigures> {
  const rendererDir = await buildRenderer();
  const sim = await startSimulatorProcess({ rate, instruments });
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-bench-toast-'));
  try {
    const hello = await TestClient.connect(sim.url);
    const helloMsg = await hello.waitFor((r) => r.msg.op === 'hello', OPEN_TIMEOUT_MS);
    await hello.close();
    const ids = (helloMsg.msg.instruments as { id: string; kind: string }[])
      .filter((i) => i.kind === 'market')
      .map((i) => i.id);
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify(rules(ids, loaded)));
    const engine = await startEngineProcess(sim.url, rendererDir, {
      alerts: { rulesFile, settingsPath: join(dir, 'settings.json') },
    });
    try {
      const errors: string[] = [];
      const listener = listen(engine.url);
      const page = await openPage(browser, engine.url, errors);
      try {
        const from = Date.now() + WARMUP_MS;
        await sleep(WARMUP_MS);
        const before = await engine.stats();
        const startedAt = Date.now();
        await sleep(measureMs);
        const after = await engine.stats();
        const elapsedMs = Date.now() - startedAt;
        const { samples, heard, alertBytes, resultBytes } = await page.evaluate(() =>
          window.__toastTake(),
        );
        const counted = samples.filter((t) => t.ts >= from);
        return {
          toastMs: counted.map((t) => t.shown - t.ts),
          arrivalMs: counted.map((t) => t.at - t.ts),
          engineMs: counted.map((t) => t.fired - t.ts),
          hostMs: listener.heard.filter((t) => t.ts >= from).map((t) => t.at - t.fired),
          events: heard,
          toasts: samples.length,
          alertBytes,
          resultBytes,
          engineCores: (after.cpuUs - before.cpuUs) / 1_000 / elapsedMs,
          engineTicksPerSec: ((after.ticksTotal - before.ticksTotal) * 1_000) / elapsedMs,
          errors,
        };
      } finally {
        listener.close();
        await page.close();
      }
    } finally {
      await engine.stop();
    }
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const measureMs = readSetting('BENCH_ALERT_TOAST_MS', DEFAULT_MEASURE_MS, 600_000);
  const rate = readSetting('BENCH_ALERT_TOAST_RATE', DEFAULT_TICKS_PER_SEC, 2_000_000);
  const instruments = readSetting('BENCH_ALERT_TOAST_INSTRUMENTS', DEFAULT_INSTRUMENTS, 100_000);
  if (instruments < PROBE_RULES)
    throw new RangeError(`BENCH_ALERT_TOAST_INSTRUMENTS must be at least ${PROBE_RULES}`);
  const setting = { rate, instruments, measureMs };
  const browser = await launchBrowser();
  const none: RoundFigures[] = [];
  const loaded: RoundFigures[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      none.push(await round(browser, false, setting));
      loaded.push(await round(browser, true, setting));
    }
  } finally {
    await browser.close();
  }
  const base = summarize(none);
  const withRules = summarize(loaded);
  const setup = `${rate / 1_000}k ticks/s over ${instruments} instruments, ${PROBE_RULES} probe rules \`above 0 every ${PROBE_COOLDOWN_MS}ms\`, ${ROUNDS} alternating rounds of ${measureMs / 1_000} s after ${WARMUP_MS / 1_000} s`;
  return [
    {
      name: `tick to toast in the DOM p50, ${RULES.toLocaleString('en-US')} rules loaded`,
      value: withRules.p50,
      unit: 'ms',
      baseline: base.p50,
      ratio: withRules.p50 / base.p50,
      note: `baseline: the probe rules alone, same run; ${withRules.note}`,
    },
    {
      name: `tick to toast in the DOM p99, ${RULES.toLocaleString('en-US')} rules loaded`,
      value: withRules.p99,
      unit: 'ms',
      baseline: base.p99,
      ratio: withRules.p99 / base.p99,
      note: `${withRules.samples} alerts measured with the rules, ${base.samples} without (a p99 needs some hundreds); target < ${P99_TARGET_MS} ms (issue 16); baseline: the probe rules alone, ${base.note}; ${setup}`,
    },
    {
      name: `the page's share (alert reaching the page to its toast) p50 / p99, ${RULES.toLocaleString('en-US')} rules loaded`,
      value: withRules.pageP99,
      unit: 'ms (p99)',
      baseline: base.pageP99,
      ratio: withRules.pageP99 / base.pageP99,
      note: `p50 ${fmt(withRules.pageP50)} ms with the rules, ${fmt(base.pageP50)} ms without; the rest of the path is the engine's and the socket's`,
    },
  ];
}
