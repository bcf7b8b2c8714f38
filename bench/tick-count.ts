/**
 * Counts what a feed delivers to sockets in a client process of their own
 * (test-support/tick-count-client.ts), so the measuring process's CPU is the server's alone:
 * bench/simulator.bench.ts's one-client, ten-client and fan-out rounds.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { ROOT, sleep } from './children';

/** A client process that has not connected in this time has failed. */
export const CLIENT_READY_TIMEOUT_MS = 60_000;

/** What one socket received over the measured window. */
export interface SocketCounts {
  readonly kind: 'all' | 'all-conflated' | 'subset';
  readonly ticks: number;
  readonly frames: number;
  readonly bytes: number;
}

/** A process's first stdout line, or an error after `timeoutMs`. */
export async function firstLine(
  lines: AsyncIterator<string>,
  what: string,
  timeoutMs: number,
): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const line = await Promise.race([
    lines.next(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing in ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  return String(line.value);
}

/**
 * Connects `clients` sockets to `url` from a client process (`mix`: the soak's mixed
 * subscriptions) and counts what they receive over a measured window; `cpuMs` reads the
 * server's CPU time.
 */
export async function countTicks(
  url: string,
  clients: number,
  mix: boolean,
  windows: { warmUpMs: number; measureMs: number },
  cpuMs: () => Promise<number>,
): Promise<{ counts: SocketCounts[]; elapsedS: number; usedCpuMs: number }> {
  const args = ['test-support/tick-count-client.ts', url, String(clients), ...(mix ? ['mix'] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const ready = await firstLine(lines, 'bench client', CLIENT_READY_TIMEOUT_MS);
    if (ready !== 'ready') throw new Error(`bench client said ${ready}`);
    await sleep(windows.warmUpMs);
    child.stdin!.write('start\n');
    const cpuBefore = await cpuMs();
    const started = performance.now();
    await sleep(windows.measureMs);
    child.stdin!.write('stop\n');
    const counts = JSON.parse((await lines.next()).value as string) as SocketCounts[];
    const elapsedS = (performance.now() - started) / 1000;
    return { counts, elapsedS, usedCpuMs: (await cpuMs()) - cpuBefore };
  } finally {
    if (child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
  }
}
