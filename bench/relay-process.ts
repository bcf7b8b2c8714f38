/**
 * `tickdeck-relay` in a child process, as a desk's relay runs: its CPU is its own and the
 * bench's process holds only what it measures. Resolves once the relay says it is relaying.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Longest wait for the relay to say it is relaying, ms. */
const READY_TIMEOUT_MS = 120_000;

export interface ChildRelay {
  readonly pid: number;
  close(): Promise<void>;
}

/** Starts the relay from `source` into the NATS server at `natsUrl`, as source `name`. */
export async function startChildRelay(
  source: string,
  natsUrl: string,
  name: string,
): Promise<ChildRelay> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'relay/main.ts',
      '--source',
      source,
      '--nats',
      natsUrl,
      '--name',
      name,
      '--retention-age',
      '10m',
      '--retention-bytes',
      '256MB',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('relay: not relaying in time')),
        READY_TIMEOUT_MS,
      );
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (!line.startsWith('relaying')) return;
        clearTimeout(timer);
        lines.close();
        child.stdout.resume(); // its status lines are not read; a full pipe would stall it
        resolve();
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error('relay exited before relaying'));
      });
    });
    return { pid: child.pid!, close };
  } catch (err) {
    await close();
    throw err;
  }
}
