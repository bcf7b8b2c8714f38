/**
 * Child processes for the benches that run each part in its own process (simulator, relay,
 * desks): start a TypeScript module under tsx, wait for a line it prints, read its CPU time,
 * stop it.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** Longest wait for a child to say it is ready, ms. */
const READY_TIMEOUT_MS = 120_000;
/** How long a child may take to exit after SIGTERM before it is killed, ms. */
const STOP_TIMEOUT_MS = 5_000;
/** Linux clock ticks per second of /proc/<pid>/stat's utime and stime. */
const CLOCK_TICKS_PER_S = 100;

/** The repository's root, where the benches start processes. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type Child = ChildProcessByStdio<Writable, Readable, null>;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds a process has used, from /proc (Linux only). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/** Runs `node --import tsx <args>` with stdin and stdout piped, stderr inherited. */
export function spawnTsx(args: readonly string[]): Child {
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Resolves with the first stdout line matching `pattern`; rejects on exit or timeout. */
export function waitForLine(
  child: Child,
  pattern: RegExp,
  what: string,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      lines.close();
      reject(new Error(`${what} exited (${code})`));
    };
    const timer = setTimeout(() => {
      lines.close();
      child.off('exit', onExit);
      reject(new Error(`${what}: not ready in time`));
    }, timeoutMs);
    lines.on('line', (line) => {
      if (!pattern.test(line)) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
      resolve(line);
    });
    child.once('exit', onExit);
  });
}

/**
 * Stops a child process and waits for it to exit (SIGKILL after a grace period). `askedMs`: the
 * child was asked to exit and gets this long to do so itself before SIGTERM, so what it writes
 * at exit (`--cpu-prof`'s profiles) is written.
 */
export async function stopChild(
  child: Child,
  graceMs = STOP_TIMEOUT_MS,
  askedMs = 0,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (askedMs > 0) {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise((resolve) => (timer = setTimeout(resolve, askedMs)));
    await Promise.race([exited, waited]);
    clearTimeout(timer);
    if (child.exitCode !== null || child.signalCode !== null) return;
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolves with the first stdout line matching `pattern`; rejects if the child exits first. */
export function firstMatch(child: Child, pattern: RegExp): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        child.off('exit', onExit);
        resolve(match[1]!);
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`${child.spawnargs.join(' ')} exited (${code}): ${output}`));
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Every stdout line of a child that answers requests and prints status lines: one reader for
 * its life (a reader per request would drop lines already buffered), and how it exited.
 */
export class ChildLines {
  private readonly waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  /** The last line that matched `keep`, if any. */
  last: string | null = null;
  /** `code <n>` or `signal <name>` once it has exited. */
  exit: string | null = null;

  constructor(
    readonly child: Child,
    private readonly keep: RegExp = /^$/,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.keep.test(line)) this.last = line;
      const at = this.waiters.findIndex((w) => w.pattern.test(line));
      if (at >= 0) this.waiters.splice(at, 1)[0]!.resolve(line);
    });
    child.once('exit', (code, signal) => {
      this.exit = signal ? `signal ${signal}` : `code ${code}`;
    });
  }

  /** Sends `request` (if any), resolves with the next line matching `pattern`. */
  next(pattern: RegExp, what: string, request?: string, timeoutMs = READY_TIMEOUT_MS) {
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: no answer in time`)), timeoutMs);
      const onExit = () => {
        clearTimeout(timer);
        reject(new Error(`${what}: exited (${this.exit})`));
      };
      this.child.once('exit', onExit);
      this.waiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          this.child.off('exit', onExit);
          resolve(line);
        },
      });
      if (request !== undefined) this.child.stdin.write(`${request}\n`);
    });
  }
}
