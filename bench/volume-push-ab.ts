/**
 * What a trade's push into the volume windows (`SumWindows`, `volume-above`) costs, two
 * versions of `sum-windows.ts` in ONE process (docs/PERFORMANCE.md, "Alerts at scale: the volume
 * push counted and staged"): N instruments' windows, trades at random instruments, 60,000 a
 * second of feed time, each push followed by what `AlertRows` does with it (the windows whose
 * bound passes their lowest volume asked for their sums). The rules' lowest volume is never
 * reached, as while the bench's rules cool. Each round runs every case with each version, the
 * order turned every round; process CPU over the 2 million trades measured, ns a push.
 *
 *   node --import tsx bench/volume-push-ab.ts <other main/alerts folder> [rounds] [cases, e.g. 1,3]
 *
 * Cases: 1 hot (10 instruments, windows of 50 and 100 ms, all in L1/L2), 2 cold (1,000
 * instruments, 5 s and 60 s, as the bench's), 3 cold in tenths (sizes in tenths, an exchange
 * feed's), 4 hot in tenths.
 */
import { resolve } from 'node:path';
import { readList } from './report';
import { seededRandom } from './seeded-ticks';
import { median } from './numbers';

interface Sums {
  addWindow(windowMs: number): number;
  setThreshold(k: number, value: number): void;
  readonly windowCount: number;
  push(ts: number, size: number): boolean | void;
  bound(k: number): number;
  threshold(k: number): number;
  sum(k: number): number;
}
type SumsClass = new () => Sums;

interface Case {
  readonly name: string;
  readonly instruments: number;
  readonly windowsMs: readonly number[];
  readonly tenths: boolean;
}

const CASES: readonly Case[] = [
  { name: 'hot, 10 instruments, 50/100 ms', instruments: 10, windowsMs: [50, 100], tenths: false },
  { name: 'cold, 1,000, 5/60 s', instruments: 1_000, windowsMs: [5_000, 60_000], tenths: false },
  {
    name: 'cold, 1,000, 5/60 s, tenths',
    instruments: 1_000,
    windowsMs: [5_000, 60_000],
    tenths: true,
  },
  { name: 'hot, tenths', instruments: 10, windowsMs: [50, 100], tenths: true },
];
const TRADES_PER_MS = 60;
const MEASURED = 2_000_000;
/** Far over any window's sum: the rules never fire, as while they cool. */
const LOWEST_VOLUME = 1e12;

const other = process.argv[2];
if (!other) throw new Error('usage: volume-push-ab.ts <other main/alerts folder> [rounds] [cases]');
const rounds = readList('rounds', process.argv[3] ?? '9', 100)[0]!;
const chosen = readList('cases', process.argv[4] ?? '1,2,3,4', CASES.length).map(
  (n) => CASES[n - 1]!,
);
const versions: Record<string, SumsClass> = {
  this: (await import('../main/alerts/sum-windows')).SumWindows as SumsClass,
  other: (await import(resolve(other, 'sum-windows.ts'))).SumWindows as SumsClass,
};

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
}

/** The trades of a case: at random instruments, whole sizes 1–500 or tenths. */
function tradesOf(c: Case, count: number): { at: Uint16Array; size: Float64Array } {
  const r = seededRandom(113);
  const at = new Uint16Array(count);
  const size = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    at[n] = Math.floor(r() * c.instruments);
    const whole = 1 + Math.floor(r() * 500);
    size[n] = c.tenths ? whole / 10 : whole;
  }
  return { at, size };
}

/** One run: the first `warm` trades unmeasured (the rings grown), ns a push over the rest. */
function run(Sums: SumsClass, c: Case, trades: ReturnType<typeof tradesOf>, warm: number): number {
  const all: Sums[] = [];
  for (let i = 0; i < c.instruments; i++) {
    const sums = new Sums();
    for (const ms of c.windowsMs) sums.setThreshold(sums.addWindow(ms), LOWEST_VOLUME);
    all.push(sums);
  }
  let sink = 0;
  const feed = (from: number, to: number): void => {
    for (let n = from; n < to; n++) {
      const sums = all[trades.at[n] as number] as Sums;
      if (sums.push(n / TRADES_PER_MS, trades.size[n] as number) === false) continue;
      for (let k = 0; k < sums.windowCount; k++)
        if (sums.bound(k) > sums.threshold(k)) sink += sums.sum(k);
    }
  };
  feed(0, warm);
  const start = cpuMs();
  feed(warm, trades.at.length);
  const ns = ((cpuMs() - start) * 1e6) / (trades.at.length - warm);
  if (sink !== 0) throw new Error('a window passed its lowest volume: the case measures a fire');
  return ns;
}

const range = (xs: readonly number[], digits = 1): string =>
  `[${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;

for (const c of chosen) {
  // The longest window and a fifth unmeasured (the rings no longer growing), then MEASURED.
  const warm = Math.max(MEASURED, Math.round(1.2 * TRADES_PER_MS * Math.max(...c.windowsMs)));
  const trades = tradesOf(c, warm + MEASURED);
  const ns: Record<string, number[]> = { this: [], other: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['this', 'other'] : ['other', 'this'];
    for (const name of order) ns[name]!.push(run(versions[name]!, c, trades, warm));
  }
  const ratio = ns.this!.map((x, i) => x / ns.other![i]!);
  console.log(
    `${c.name}: this ${median(ns.this!).toFixed(1)} ${range(ns.this!)}, other ` +
      `${median(ns.other!).toFixed(1)} ${range(ns.other!)} ns a push; this / other per round ` +
      `${median(ratio).toFixed(2)} ${range(ratio, 2)} (${rounds} rounds)`,
  );
}
