/**
 * Test support: `tickdeck-relay` in a process of its own, as users run it, so a test of a big
 * source does not fold the relay's work and the desks' into one event loop (on a 2-core box
 * they would starve each other and show nothing about either).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RelayProcess {
  readonly child: ChildProcess;
  /** Everything it printed, stdout and stderr. */
  output(): string;
  /** Resolves once it says it is relaying; rejects if it exits first. */
  relaying(): Promise<void>;
  /** SIGTERM (a clean stop, freeing the source), waiting for the exit. */
  stop(): Promise<void>;
}

export function spawnRelayProcess(argv: readonly string[]): RelayProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/main.ts', ...argv], {
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    relaying: () =>
      new Promise((resolve, reject) => {
        const poll = setInterval(() => {
          if (!output.includes('relaying;')) return;
          clearInterval(poll);
          resolve();
        }, 50);
        void exited.then(() => {
          clearInterval(poll);
          reject(new Error(`the relay exited with ${child.exitCode}:\n${output}`));
        });
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
