/**
 * Where the engine's worker spends its time on the whole path (the scale bench's stack: the
 * simulator process, the engine process and its worker, the dashboard in headless Chromium),
 * per instrument count: self time per 100k ticks by function from `--cpu-prof` over the
 * measured window, and the worker's collections from `--trace-gc` (scavenges and
 * mark-compacts a second, their pauses). Ranks what the larger count adds (docs/PERFORMANCE.md,
 * "Scale curve: instruments", 5 Dec fifth session). Not a `.bench.ts`: it profiles, so its
 * figures are for ranking, not for ratios against a baseline.
 *
 *   node --import tsx bench/engine-profile.ts
 *   BENCH_PROFILE_INSTRUMENTS=10,5000 BENCH_PROFILE_BOOK_LEVELS=0 node --import tsx bench/engine-profile.ts
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CpuProfile } from './cpu-profile';
import { readList } from './report';
import { bookLevelsSetting } from './product-processes';
import { launchBrowser, openDashboard } from './dashboard-browser';
import { sleep } from './children';
import { startStack } from './stack';

const INSTRUMENTS = readList(
  'BENCH_PROFILE_INSTRUMENTS',
  process.env.BENCH_PROFILE_INSTRUMENTS ?? '10,5000',
  100_000,
);
const BOOK_LEVELS = bookLevelsSetting('BENCH_PROFILE_BOOK_LEVELS');
const RATE = 50_000;
const WARMUP_MS = 4_000;
const MEASURE_MS = 10_000;
const PER = 100_000;
const TOP = 25;
/** µs between samples: fine enough for functions of a few ms per 100k ticks. */
const SAMPLE_INTERVAL_US = 250;

/** One `--trace-gc` line: the isolate, the kind and its pause. */
const GC_LINE =
  /^\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: (Scavenge|Mark-Compact|Mark-sweep)[^,]*?, ([\d.]+) \/ [\d.]+ ms/;
/** Incremental marking's steps, done between the worker's tasks before a mark-compact. */
const MARKING = /\(\+ ([\d.]+) ms in \d+ steps/;

interface GcTally {
  scavenges: number;
  scavengeMs: number;
  compacts: number;
  compactMs: number;
  markingMs: number;
  longestMs: number;
}

/** Self time (ms) by function over the samples in [fromUs, toUs] of the profile's clock. */
export function selfTimes(p: CpuProfile, fromUs: number, toUs: number): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i]!;
    // A sample's time is the interval up to the next one.
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (t < fromUs || t > toUs) continue;
    const f = byId.get(p.samples[i]!)!.callFrame;
    const where = f.url
      ? ` ${basename(f.url).replace(/-[0-9a-f]{16}\.mjs$/, '')}:${f.lineNumber + 1}`
      : '';
    const key = `${f.functionName || '(anonymous)'}${where}`;
    out.set(key, (out.get(key) ?? 0) + dt);
  }
  return out;
}

async function profile(browser: Awaited<ReturnType<typeof launchBrowser>>, n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-engine-profile-'));
  const gc = new Map<string, GcTally>();
  let inWindow = false;
  const stack = await startStack({
    rate: RATE,
    instruments: n,
    bookLevels: BOOK_LEVELS,
    engine: {
      nodeArgs: [
        '--cpu-prof',
        '--cpu-prof-dir',
        dir,
        '--cpu-prof-interval',
        `${SAMPLE_INTERVAL_US}`,
        '--trace-gc',
      ],
      log: (line) => {
        const m = GC_LINE.exec(line);
        if (!m || !inWindow) return;
        const g = gc.get(m[1]!) ?? {
          scavenges: 0,
          scavengeMs: 0,
          compacts: 0,
          compactMs: 0,
          markingMs: 0,
          longestMs: 0,
        };
        const ms = Number(m[3]);
        if (m[2] === 'Scavenge') {
          g.scavenges++;
          g.scavengeMs += ms;
        } else {
          g.compacts++;
          g.compactMs += ms;
          g.markingMs += Number(MARKING.exec(line)?.[1] ?? 0);
        }
        g.longestMs = Math.max(g.longestMs, ms);
        gc.set(m[1]!, g);
      },
    },
  });
  let e0, e1, fromMs, toMs, stoppedMs;
  try {
    const page = await openDashboard(browser, stack.engine.url);
    try {
      await sleep(WARMUP_MS);
      e0 = await stack.engine.stats();
      fromMs = performance.now();
      inWindow = true; // lines read by the next request were printed inside the window
      await sleep(MEASURE_MS);
      e1 = await stack.engine.stats();
      inWindow = false;
      toMs = performance.now();
    } finally {
      await page.close();
    }
  } finally {
    await stack.stop();
    stoppedMs = performance.now();
  }
  const ticks = e1.ticksTotal - e0.ticksTotal;
  const seconds = (toMs - fromMs) / 1000;
  const batches = e1.batches - e0.batches;
  console.log(
    `\n## ${n} instruments: ${Math.round(ticks / seconds).toLocaleString('en-US')} ticks/s, ` +
      `${(batches / seconds).toFixed(1)} batches/s, engine process CPU ${(((e1.cpuUs - e0.cpuUs) / 1000 / ticks) * PER).toFixed(0)} ms per 100k ticks`,
  );
  for (const [isolate, g] of gc) {
    console.log(
      `  GC isolate ${isolate}: ${(g.scavenges / seconds).toFixed(1)} scavenges/s (${((g.scavengeMs / ticks) * PER).toFixed(1)} ms per 100k ticks), ` +
        `${(g.compacts / seconds).toFixed(2)} mark-compacts/s (${((g.compactMs / ticks) * PER).toFixed(1)} ms per 100k ticks atomic, ${((g.markingMs / ticks) * PER).toFixed(1)} incremental), longest ${g.longestMs.toFixed(1)} ms`,
    );
  }
  // Each thread's profile is written as it ends; the window is placed back from its end.
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const tail = (stoppedMs - fromMs) * 1000;
    const times = selfTimes(p, p.endTime - tail, p.endTime - tail + (toMs - fromMs) * 1000);
    const total = [...times.values()].reduce((a, b) => a + b, 0);
    const busy = total - (times.get('(idle)') ?? 0);
    console.log(
      `  ${file}: ${((busy / ticks) * PER).toFixed(0)} ms busy per 100k ticks (${((busy / 1000 / seconds) * 100).toFixed(0)} % of a core)`,
    );
    const ranked = [...times].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]);
    for (const [k, ms] of ranked.slice(0, TOP))
      console.log(`    ${((ms / ticks) * PER).toFixed(1).padStart(6)}  ${k}`);
  }
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const browser = await launchBrowser();
  try {
    for (const n of INSTRUMENTS) await profile(browser, n);
  } finally {
    await browser.close();
  }
}
