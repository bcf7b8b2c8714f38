/**
 * A bench process (the engine and web host, or the naive forward transport) that prints
 * `{"url"}` once it serves, then answers `stats`, `gc`, `timeline` and `lag` on stdin with JSON
 * lines, one request at a time, and exits when told.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { firstMatch, ROOT, stopChild } from './children';
import type { EngineLag, EngineStats, EngineTimeline } from './engine-process';

export interface EngineChild {
  /** The dashboard URL, token included. */
  readonly url: string;
  /** Engine process figures; `gc` collects garbage first (heap figures then mean retained). */
  stats(gc?: boolean): Promise<EngineStats>;
  /** The batch timeline since the previous call; only with `timeline` (else it rejects). */
  timeline(): Promise<EngineTimeline>;
  /** Event-loop lag since the previous call; only with `lag` (else it rejects). */
  lag(): Promise<EngineLag>;
  stop(): Promise<void>;
}

/** A bench process that prints `{"url"}` and answers `stats`/`gc` on stdin with JSON lines. */
export async function startStatsProcess(
  args: readonly string[],
  log?: (line: string) => void,
): Promise<EngineChild> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let url: string;
  try {
    url = (JSON.parse(await firstMatch(child, /^(\{"url".*\})$/m)) as { url: string }).url;
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  child.stdin.on('error', () => undefined); // a child that died is reported by `stats`
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let queue = Promise.resolve<unknown>(undefined);
  const request = <T>(command: string, answer: string): Promise<T> => {
    const next = queue.then(async () => {
      child.stdin.write(`${command}\n`);
      for (;;) {
        const line = await lines.next();
        if (line.done) {
          await new Promise((r) => setTimeout(r, 100));
          throw new Error(
            `${args[0]} closed its output (exit ${child.exitCode ?? child.signalCode ?? 'pending'})`,
          );
        }
        if (line.value.startsWith(answer)) return JSON.parse(line.value) as T;
        log?.(line.value);
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    url,
    stats: (gc = false) => request<EngineStats>(gc ? 'gc' : 'stats', '{"heapUsed"'),
    timeline: () =>
      request<{ timeline: EngineTimeline | null }>('timeline', '{"timeline"').then((t) => {
        if (t.timeline === null) throw new Error('the engine worker did not answer the timeline');
        return t.timeline;
      }),
    lag: () =>
      request<{ lag: EngineLag | null }>('lag', '{"lag"').then((l) => {
        if (l.lag === null) throw new Error('the engine worker did not answer the lag probe');
        return l.lag;
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.stdin.write('exit\n');
      await stopChild(child, 5_000, 5_000);
    },
  };
}
