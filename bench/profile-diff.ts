/**
 * Where a change's CPU goes on the whole path, from the `--cpu-prof` profiles of alternating
 * runs with and without it: bench/alerts-engine.bench.ts with BENCH_ALERTS_ENGINE_CPU_PROF=<dir>
 * writes one folder a run (`<pair>-none`, `<pair>-rules`), a profile a thread in each. Per
 * thread (the engine process's main thread, the loader's, the engine's worker), the self time
 * by function over a window near each profile's end (the measured window: WINDOW_MS ending
 * TAIL_MS before the end, which is the process's shutdown), summed over the pairs, ranked by
 * what the rules add.
 * Not a bench: a profile ranks where time goes; the pairs' CPU figures measure it (and a
 * profile counts the time a thread was preempted on a loaded machine as the code it was in).
 *
 *   node --import tsx bench/profile-diff.ts <dir> [top]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuProfile } from './cpu-profile';
import { selfTimes } from './engine-profile';

const WINDOW_MS = 12_000;
const TAIL_MS = 1_500;
/** `CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile`: thread 0 is the main thread. */
const THREAD = /^CPU\.\d+\.\d+\.\d+\.(\d+)\.\d+\.cpuprofile$/;

type Arm = 'none' | 'rules';

/** Self ms by function, per thread, summed over every run of `arm` in `dir`. */
function armTimes(dir: string, arm: Arm): Map<string, Map<string, number>> {
  const threads = new Map<string, Map<string, number>>();
  for (const run of readdirSync(dir).filter((d) => d.endsWith(`-${arm}`))) {
    for (const file of readdirSync(join(dir, run))) {
      const tid = THREAD.exec(file)?.[1];
      if (tid === undefined) continue;
      // Node 20 runs tsx's loader hooks on a thread of their own before the engine's worker.
      const thread = tid === '0' ? 'main thread' : `thread ${tid}`;
      const p = JSON.parse(readFileSync(join(dir, run, file), 'utf8')) as CpuProfile;
      const to = p.endTime - TAIL_MS * 1_000;
      const sum = threads.get(thread) ?? new Map<string, number>();
      for (const [fn, ms] of selfTimes(p, to - WINDOW_MS * 1_000, to))
        sum.set(fn, (sum.get(fn) ?? 0) + ms);
      threads.set(thread, sum);
    }
  }
  return threads;
}

const busy = (times: Map<string, number>) =>
  [...times].reduce((sum, [fn, ms]) => (fn === '(idle)' ? sum : sum + ms), 0);

const [dir, topArg] = process.argv.slice(2);
if (!dir) {
  console.error('usage: profile-diff.ts <dir> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const none = armTimes(dir, 'none');
const rules = armTimes(dir, 'rules');
for (const [thread, withRules] of rules) {
  const base = none.get(thread) ?? new Map<string, number>();
  console.log(
    `\n## ${thread}: busy ${busy(withRules).toFixed(0)} ms with rules, ${busy(base).toFixed(0)} ms without (${WINDOW_MS / 1_000} s windows, summed over the runs)`,
  );
  const fns = new Set([...withRules.keys(), ...base.keys()]);
  fns.delete('(idle)');
  const ranked = [...fns]
    .map((fn) => ({ fn, with: withRules.get(fn) ?? 0, base: base.get(fn) ?? 0 }))
    .sort((a, b) => b.with - b.base - (a.with - a.base));
  for (const r of ranked.slice(0, top))
    console.log(
      `  ${(r.with - r.base).toFixed(0).padStart(6)} ms  (${r.with.toFixed(0)} / ${r.base.toFixed(0)})  ${r.fn}`,
    );
}
