/**
 * The browser-mode web host as a child process: `node out/main/web.js --port 0 …` (built by
 * `npm run test:e2e`), resolved with the URL from its "Open <url>" line, stopped by pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WEB_ENTRY = fileURLToPath(new URL('../../out/main/web.js', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;
/** How long the host gets to shut down after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;
const URL_LINE = /^Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m;

export interface WebHostProcess {
  /** The page's URL, with the run's token. */
  readonly url: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the web host with these arguments (after `--port 0`). A host that exits or prints no
 * URL in time is stopped and the promise rejects with everything it printed.
 */
export function startWebHostProcess(args: readonly string[]): Promise<WebHostProcess> {
  const child = spawn(process.execPath, [WEB_ENTRY, '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let settled = false;
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopChild(child).then(() => reject(new Error(`web host ${reason}:\n${output}`)));
    };
    const timer = setTimeout(() => fail('printed no URL in time'), STARTUP_TIMEOUT_MS);
    // Keeps reading after the URL line, so a chatty host never blocks on a full pipe.
    const onData = (chunk: Buffer) => {
      if (settled) return;
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (!match) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url: match[1]!, pid: child.pid, stop: () => stopChild(child) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(`exited with ${code}`));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
