/**
 * The engine worker's tasks, timed one by one, for bench/engine-process.ts's `--tasks`:
 * preloaded into the engine process with `--import` (as bench/loop-lag-probe.ts is), so the
 * worker inherits it and the product's worker entry does not change. In the worker it times
 * every top-level callback the event loop runs (async_hooks' before/after: an immediate, a
 * timer, a port message, a socket read) and, inside it, each feed frame ws hands on (its
 * bytes and the time its 'message' listeners took). What a lag probe reads as one number,
 * this says by task: which kind ran long, and how large the frame was.
 *
 * Every task of at least MIN_MS is appended, one JSON line a second, to
 * `$BENCH_TASKS_DIR/tasks-<pid>-<thread>.jsonl` as [epoch ms at start, ms, kind, frame bytes,
 * frame ms, the thread's CPU ms] (bench/worker-tasks.ts reads them); the rest are only
 * counted. The wall time is what the loop waited; a task the OS preempted reads longer there
 * than its CPU time, which the machine's load moves far less.
 */
import { createHook } from 'node:async_hooks';
import { appendFileSync, closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isMainThread, parentPort, threadId } from 'node:worker_threads';

/** Shorter tasks are counted, not listed. */
const MIN_MS = 1;
const WRITE_EVERY_MS = 1_000;

/** One task as written to the probe's files (read by ./worker-tasks.ts). */
export type Task = [
  at: number,
  ms: number,
  kind: string,
  frameBytes: number,
  frameMs: number,
  cpuMs: number,
];

/**
 * This thread's CPU time, ns, from Linux's schedstat (its first field: time on a CPU), or
 * NaN elsewhere. Node 20 has no per-thread CPU clock; this one tells a task's own work from
 * the time the OS gave the other processes while it ran.
 */
function threadCpuClock(): () => number {
  let fd: number;
  try {
    fd = openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return () => NaN;
  }
  process.once('exit', () => closeSync(fd));
  const buf = Buffer.alloc(64);
  return () => {
    const n = readSync(fd, buf, 0, buf.length, 0);
    return Number(buf.toString('latin1', 0, n).split(' ', 1)[0]);
  };
}

function probeWorker(dir: string): void {
  const file = join(dir, `tasks-${process.pid}-${threadId}.jsonl`);
  const kinds = new Map<number, string>();
  let depth = 0;
  let startedAt = 0;
  let startedCpu = 0;
  const cpuNs = threadCpuClock();
  let kind = '';
  let frameBytes = 0;
  let frameMs = 0;
  let pending: Task[] = [];
  let short = 0;
  let lastWrite = performance.now();
  const hook = createHook({
    init(asyncId, type) {
      if (type !== 'PROMISE') kinds.set(asyncId, type);
    },
    before(asyncId) {
      if (depth++ > 0) return;
      startedAt = performance.now();
      startedCpu = cpuNs();
      kind = kinds.get(asyncId) ?? 'other';
      frameBytes = 0;
      frameMs = 0;
    },
    after() {
      if (--depth > 0) return;
      const now = performance.now();
      const ms = now - startedAt;
      if (ms >= MIN_MS)
        pending.push([
          performance.timeOrigin + startedAt,
          ms,
          kind,
          frameBytes,
          frameMs,
          (cpuNs() - startedCpu) / 1e6,
        ]);
      else short++;
      if (now - lastWrite < WRITE_EVERY_MS) return;
      lastWrite = now;
      appendFileSync(file, JSON.stringify({ short, tasks: pending }) + '\n');
      pending = [];
      short = 0;
    },
    destroy(asyncId) {
      kinds.delete(asyncId);
    },
  });
  hook.enable();
  // The worker's own ws (not a bundled copy): its Receiver hands each frame on with 'message'.
  const { Receiver } = createRequire(join(process.cwd(), 'package.json'))('ws') as {
    Receiver: { prototype: { emit(event: string, ...args: unknown[]): boolean } };
  };
  const emit = Receiver.prototype.emit;
  Receiver.prototype.emit = function (event: string, ...args: unknown[]) {
    if (event !== 'message') return emit.call(this, event, ...args);
    const at = performance.now();
    try {
      return emit.call(this, event, ...args);
    } finally {
      frameBytes += (args[0] as { length: number }).length;
      frameMs += performance.now() - at;
    }
  };
}

const dir = process.env.BENCH_TASKS_DIR;
if (!isMainThread && parentPort && dir) probeWorker(dir);
