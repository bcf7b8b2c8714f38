/**
 * The feed simulator in a child process, for tests at a scale (tens of thousands of
 * instruments) where its 10 ms steps would otherwise sit between every frame the clients in the
 * test process read. Killed when the returned `close` runs.
 */
import { spawn } from 'node:child_process';

/** A running child simulator: its URL and how to stop it. */
export interface ChildSimulator {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts `feed-simulator/main.ts` with `args` (plus `--port 0`) and waits for its URL. */
export function startChildSimulator(args: readonly string[]): Promise<ChildSimulator> {
  return startChildServer('feed-simulator/main.ts', ['--port', '0', ...args]);
}

/**
 * Starts the TypeScript entry `script` with `args` in a child process and waits for the first
 * `ws://127.0.0.1:<port>` it prints.
 */
export async function startChildServer(
  script: string,
  args: readonly string[],
): Promise<ChildSimulator> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  let out = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const found = /ws:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (found) resolve(found[0]);
      });
      void exited.then(() => reject(new Error(`${script} exited: ${out}`)));
    });
    return { url, close };
  } catch (err) {
    await close();
    throw err;
  }
}
