/**
 * What `odds-move-pct` rules cost the evaluator on odds ticks (docs/PERFORMANCE.md, "Alerts at
 * scale: the volume windows in one array ...; the odds windows in the shared rings"): matches
 * with rules on every outcome over 10 s and 60 s, odds ticks a random walk of the three prices
 * at random matches (20 a millisecond of feed time), the evaluator alone, the second half of
 * the ticks measured; no rules and rules alternating in one process, the order turned every
 * round. Process CPU, ns an odds tick. To compare two versions of `main/alerts/`, run it in a
 * worktree of each, alternating.
 *
 *   node --import tsx bench/alert-odds.ts [rounds] [matches]
 */
import type { AlertRule } from '../protocol/alerts';
import { OUTCOMES } from '../protocol/alerts';
import type { Tick } from '../protocol/feed';
import type { AlertIndexSlot } from '../main/alerts/alert-index-slot';
import { AlertEvaluator } from '../main/alerts/index';
import { emptySlots } from './alert-workload';
import { readList } from './report';
import { seededRandom } from './seeded-ticks';
import { median } from './numbers';

const TICKS = 1_200_000;
const TICKS_PER_MS = 20;
const WINDOWS_MS = [10_000, 60_000];

const rounds = readList('rounds', process.argv[2] ?? '9', 100)[0]!;
const matches = readList('matches', process.argv[3] ?? '200', 10_000)[0]!;

const r = seededRandom(11);
const ids = Array.from({ length: matches }, (_, i) => `match:M${i}`);
const rules: AlertRule[] = ids.flatMap((instrument) =>
  OUTCOMES.flatMap((outcome) =>
    WINDOWS_MS.map((windowMs) => ({
      id: `${instrument}-${outcome}-${windowMs}`,
      instrument,
      condition: { type: 'odds-move-pct', outcome, pct: 5 + r() * 5, windowMs } as const,
      trigger: { mode: 'every', cooldownMs: 60_000 } as const,
      expiresAt: null,
      note: '',
      enabled: true,
    })),
  ),
);
const match = new Uint32Array(TICKS);
const odds = new Float64Array(3 * TICKS);
const now = ids.map(() => [2.5, 3.2, 2.9]);
for (let n = 0; n < TICKS; n++) {
  const i = Math.floor(r() * matches);
  match[n] = i;
  const prices = now[i] as number[];
  for (let k = 0; k < 3; k++) {
    prices[k] = Math.max(1.01, (prices[k] as number) * (1 + (r() - 0.5) * 0.004));
    odds[3 * n + k] = Math.round((prices[k] as number) * 100) / 100;
  }
}
const tick = (n: number): Tick => ({
  instrument: ids[match[n] as number] as string,
  seq: n,
  ts: 1_700_000_000_000 + Math.floor(n / TICKS_PER_MS),
  kind: 'odds',
  home: odds[3 * n] as number,
  draw: odds[3 * n + 1] as number,
  away: odds[3 * n + 2] as number,
});

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
}

/** One run: ns a measured tick and the alerts fired while measured. */
function run(withRules: readonly AlertRule[]): { ns: number; alerts: number } {
  const evaluator = new AlertEvaluator();
  evaluator.setRules(withRules);
  let alerts = 0;
  evaluator.onAlert(() => alerts++);
  const slots = emptySlots(ids);
  const feed = (from: number, to: number): void => {
    for (let n = from; n < to; n++) {
      const t = tick(n);
      evaluator.onTick(t, false, 1, slots.get(t.instrument) as AlertIndexSlot);
    }
  };
  feed(0, TICKS / 2);
  alerts = 0;
  const start = cpuMs();
  feed(TICKS / 2, TICKS);
  return { ns: ((cpuMs() - start) * 1e6) / (TICKS / 2), alerts };
}

const none: number[] = [];
const withRules: number[] = [];
let alerts = 0;
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? [false, true] : [true, false];
  for (const rulesOn of order) {
    const result = run(rulesOn ? rules : []);
    if (rulesOn) {
      withRules.push(result.ns);
      alerts = result.alerts;
    } else none.push(result.ns);
  }
}
const range = (xs: readonly number[]): string =>
  `[${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]`;
const extra = withRules.map((ns, i) => ns - (none[i] as number));
console.log(
  `odds ticks, ${matches} matches, ${rules.length} rules, ${rounds} rounds, ns a tick (process CPU): ` +
    `none ${median(none).toFixed(0)} ${range(none)}, rules ${median(withRules).toFixed(0)} ${range(withRules)}, ` +
    `the rules' extra ${median(extra).toFixed(0)} ${range(extra)}; ${alerts} alerts while measured`,
);
