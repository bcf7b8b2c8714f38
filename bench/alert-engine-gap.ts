/**
 * Why the rules cost more on the alerts bench's engine path than in its unpaced fold
 * (docs/PERFORMANCE.md, "Alerts at scale: the engine path's extra"). Same process, the bench's
 * ticks and rules, the warm window's ticks measured after the feed before them, each way with
 * its own no-rules run, the order of ways and arms turned every round:
 *
 * - fold: the bench's ticks (object literals) folded with the evaluator hooked in, unpaced;
 * - decoded: the same ticks as the bench's `ticks` frames, decoded by the protocol session and
 *   folded, unpaced (what a decoder's objects change);
 * - engine: decoded, folded and a consumer's batch built 30 times a second of feed, unpaced;
 * - fold paced, engine paced: fold and engine as the bench runs them, 2,000 ticks every 10 ms
 *   (what the idle time between slices changes);
 * - fold evict, engine evict: unpaced, but 64 MB read between slices of 2,000 ticks, so each
 *   slice starts with the caches holding none of the state (what cold lines alone change).
 *
 * Each figure is the main thread's CPU over the measured ticks, ns a tick.
 *
 *   node --import tsx bench/alert-engine-gap.ts [rounds] [way,way,...] [none|rules]
 *
 * (one arm only, for a CPU profile of it: `node --cpu-prof --import tsx ...`)
 */
import type { AlertRule } from '../protocol/alerts';
import { hookedEngine } from './alert-fold-ab';
import { RecordedTicks, TICKS_PER_SEC, makeRules, toFrames } from './alert-workload';
import { collectGarbage, mainThreadCpuMs } from './thread-cpu';
import { median } from './numbers';

const FRAME_TICKS = 100;
const WARM_TICKS = TICKS_PER_SEC * 6;
const MEASURED_TICKS = TICKS_PER_SEC * 3;
const TICKS_PER_BATCH = TICKS_PER_SEC / 30;
const SLICE_MS = 10;
const SLICE_TICKS = (TICKS_PER_SEC * SLICE_MS) / 1_000;

function threadMs(): number {
  const ms = mainThreadCpuMs();
  if (ms === null) throw new Error('alert-engine-gap needs /proc (Linux) for the main thread CPU');
  return ms;
}

/**
 * How slices of SLICE_TICKS follow each other: at once; one every SLICE_MS, the thread idle
 * between (as the bench and a socket pace the engine); or at once with EVICT_BYTES read between
 * (every cache line of the slice before pushed out, the idle time's worst case, with no timer).
 */
type Pace = 'none' | 'idle' | 'evict';

interface Way {
  readonly decode: boolean;
  readonly batches: boolean;
  readonly pace: Pace;
}

const WAYS: Record<string, Way> = {
  fold: { decode: false, batches: false, pace: 'none' },
  decoded: { decode: true, batches: false, pace: 'none' },
  engine: { decode: true, batches: true, pace: 'none' },
  'fold paced': { decode: false, batches: false, pace: 'idle' },
  'fold evict': { decode: false, batches: false, pace: 'evict' },
  'engine paced': { decode: true, batches: true, pace: 'idle' },
  'engine evict': { decode: true, batches: true, pace: 'evict' },
};

/** Larger than the machine's caches: walked between slices by the `evict` pace. */
const EVICT_BYTES = 64 * 1024 * 1024;
const evictBuffer = new Float64Array(EVICT_BYTES / 8);
let evictSink = 0;
function evictCaches(): void {
  for (let i = 0; i < evictBuffer.length; i += 8) evictSink += evictBuffer[i] as number;
  evictBuffer[(evictSink & 1023) * 8] = 1;
}

interface Run {
  /** Main-thread CPU over the measured ticks (`evict` counts its reads too, in both arms alike). */
  readonly nsPerTick: number;
  readonly alerts: number;
}

/** One run of `way`: [0, WARM_TICKS) unmeasured, then MEASURED_TICKS measured. */
async function run(
  way: Way,
  ticks: RecordedTicks,
  frames: readonly string[],
  rules: readonly AlertRule[],
): Promise<Run> {
  const { state, fired, feedFrame, flush } = hookedEngine(rules);
  let nextBatch = TICKS_PER_BATCH;
  const frameAt = (at: number): void => {
    if (way.decode) feedFrame(frames[at / FRAME_TICKS] as string);
    else state.applyTicks(ticks.slice(at, at + FRAME_TICKS), () => {});
    if (way.batches && at + FRAME_TICKS >= nextBatch) {
      flush(ticks.tsAt(at));
      nextBatch += TICKS_PER_BATCH;
    }
  };
  const slice = (from: number, to: number): void => {
    for (let at = from; at < to; at += FRAME_TICKS) frameAt(at);
  };
  const end = WARM_TICKS + MEASURED_TICKS;
  collectGarbage();
  let start = 0;
  let before = 0;
  const mark = (): void => {
    before = fired();
    start = threadMs();
  };
  if (way.pace === 'none' || way.pace === 'evict') {
    const slices = (from: number, to: number): void => {
      for (let at = from; at < to; at += SLICE_TICKS) {
        slice(at, Math.min(to, at + SLICE_TICKS));
        if (way.pace === 'evict') evictCaches();
      }
    };
    slices(0, WARM_TICKS);
    mark();
    slices(WARM_TICKS, end);
  } else {
    await new Promise<void>((done) => {
      let at = 0;
      const timer = setInterval(() => {
        const to = Math.min(end, at + SLICE_TICKS);
        slice(at, to);
        at = to;
        if (at === WARM_TICKS) mark();
        if (at >= end) {
          clearInterval(timer);
          done();
        }
      }, SLICE_MS);
    });
  }
  return { nsPerTick: ((threadMs() - start) * 1e6) / MEASURED_TICKS, alerts: fired() - before };
}

const rounds = Number(process.argv[2] ?? 3);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('rounds must be a positive integer');
const chosen = process.argv[3]?.split(',') ?? Object.keys(WAYS);
for (const name of chosen) if (!(name in WAYS)) throw new Error(`unknown way: ${name}`);
const only = process.argv[4];
if (only !== undefined && only !== 'none' && only !== 'rules')
  throw new Error(`the arm must be none or rules, not ${only}`);
const ticks = new RecordedTicks(WARM_TICKS + MEASURED_TICKS);
const frames = toFrames(ticks, FRAME_TICKS);
const rules = makeRules();
interface Figures {
  none: number[];
  rules: number[];
  alerts: number;
}
const figures = new Map<string, Figures>();
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? [...chosen] : [...chosen].reverse();
  for (const name of order) {
    const way = WAYS[name] as Way;
    const f = figures.get(name) ?? { none: [], rules: [], alerts: 0 };
    const arms =
      only === 'none'
        ? [[]]
        : only === 'rules'
          ? [rules]
          : round % 2 === 0
            ? [[], rules]
            : [rules, []];
    for (const arm of arms) {
      const r = await run(way, ticks, frames, arm);
      if (arm.length === 0) f.none.push(r.nsPerTick);
      else {
        f.rules.push(r.nsPerTick);
        f.alerts = r.alerts;
      }
    }
    figures.set(name, f);
  }
  process.stderr.write(`round ${round + 1}/${rounds} done\n`);
}
const range = (xs: number[]) => `[${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]`;
console.log(`ns a tick (main thread), median of ${rounds} rounds [range]; ${MEASURED_TICKS} ticks`);
const line = (none: number[], withRules: number[]): string => {
  if (none.length === 0 || withRules.length === 0)
    return `${none.length === 0 ? 'rules' : 'none'} ${median([...none, ...withRules]).toFixed(0)} ${range([...none, ...withRules])}`;
  const extra = withRules.map((r, i) => r - (none[i] as number));
  const ratio = withRules.map((r, i) => r / (none[i] as number));
  return (
    `none ${median(none).toFixed(0)} ${range(none)}, rules ${median(withRules).toFixed(0)} ${range(withRules)}, ` +
    `extra ${median(extra).toFixed(0)} ${range(extra)}, ratio ${median(ratio).toFixed(2)}`
  );
};
for (const [name, f] of figures)
  console.log(`  ${name.padEnd(12)} ${line(f.none, f.rules)}; ${f.alerts} alerts`);
