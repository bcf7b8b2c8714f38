/**
 * Reads what bench/worker-task-probe.ts wrote (one file per engine worker) and says, per
 * worker, over its last `BENCH_TASKS_WINDOW_S` seconds (default 15, a bench's measured window):
 * how many tasks ran over 5, 10 and 20 ms of wall time and of the thread's CPU time, the
 * longest by CPU, and by kind (a frame from the feed, a timer, an immediate, a socket read)
 * with the frames' sizes. The CPU figures are the ones the machine's load moves least: a
 * task's own work, without what preempted it or the queue behind it.
 *
 *   BENCH_TASKS_DIR=/tmp/t BENCH_ALERTS_ENGINE_PAIRS=1 node --import tsx bench/run.ts alerts-engine
 *   node --import tsx bench/worker-tasks.ts /tmp/t
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSetting } from './report';
import type { Task } from './worker-task-probe';

const WINDOW_S = readSetting('BENCH_TASKS_WINDOW_S', 15, 3_600);

function summary(file: string): string {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const all: Task[] = [];
  for (const line of lines) all.push(...(JSON.parse(line) as { tasks: Task[] }).tasks);
  if (all.length === 0) return `${file}: no tasks`;
  const end = all.at(-1)![0];
  const tasks = all.filter((t) => t[0] >= end - WINDOW_S * 1_000);
  const over = (ms: number) => tasks.filter((t) => t[1] > ms).length;
  const overCpu = (ms: number) => tasks.filter((t) => t[5] > ms).length;
  const longest = [...tasks].sort((a, b) => b[5] - a[5]);
  const byKind = new Map<string, { n: number; over10: number; max: number; ms: number }>();
  for (const [, , kind, bytes, , cpuMs] of tasks) {
    const k = bytes > 0 ? 'frame' : kind;
    const e = byKind.get(k) ?? { n: 0, over10: 0, max: 0, ms: 0 };
    e.n++;
    e.ms += cpuMs;
    if (cpuMs > 10) e.over10++;
    e.max = Math.max(e.max, cpuMs);
    byKind.set(k, e);
  }
  const frames = tasks.filter((t) => t[3] > 0);
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
  const top = longest
    .slice(0, 8)
    .map((t) => `${t[5].toFixed(1)} ms ${t[3] > 0 ? `frame ${kb(t[3])}` : t[2]}`)
    .join(', ');
  const frameKb = frames.map((t) => t[3]).sort((a, b) => a - b);
  return [
    `${file}: ${tasks.length} tasks ≥ 1 ms (wall) in ${WINDOW_S} s`,
    `  wall: > 5 ms ${over(5)}, > 10 ms ${over(10)}, > 20 ms ${over(20)}`,
    `  CPU: > 5 ms ${overCpu(5)}, > 10 ms ${overCpu(10)}, > 20 ms ${overCpu(20)}; longest ${top}`,
    ...[...byKind].map(
      ([k, e]) =>
        `  ${k}: ${e.n} (${e.ms.toFixed(0)} ms CPU), > 10 ms CPU ${e.over10}, longest ${e.max.toFixed(1)} ms`,
    ),
    frames.length > 0
      ? `  frames ≥ 1 ms: median ${kb(frameKb[frameKb.length >> 1]!)}, largest ${kb(frameKb.at(-1)!)}`
      : '',
  ].join('\n');
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: worker-tasks.ts <BENCH_TASKS_DIR>');
for (const name of readdirSync(dir)
  .filter((n) => n.endsWith('.jsonl'))
  .sort())
  console.log(summary(join(dir, name)));
