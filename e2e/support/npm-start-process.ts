/**
 * `npm start` (scripts/start.js) on a machine without the Electron binary, as a child process:
 * an empty ELECTRON_OVERRIDE_DIST_PATH stands for the missing binary wherever the test runs,
 * TICKDECK_NO_BROWSER keeps it from opening a browser, and `--port 0` and a settings file of the
 * test's own keep it off the user's port and settings. Resolves once it prints its URL.
 * `elsewhere` runs it as `node <repo>/scripts/start.js` from a folder outside the repository,
 * with the settings file named relative to that folder, as a user may from their home.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const URL_LINE = /^Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m;

export interface NpmStartProcess {
  /** The URL it printed, token included. */
  readonly url: string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Everything it wrote to stdout so far. */
  stdout(): string;
  /** The settings file it was given, as an absolute path. */
  readonly settings: string;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/** Rejects with everything it printed if it exits before printing a URL. */
export function startWithoutElectron(
  from: 'root' | 'elsewhere' = 'root',
): Promise<NpmStartProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-no-electron-'));
  const settings = join(dir, 'settings.json');
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'scripts/start.js'),
      '--port',
      '0',
      '--settings',
      from === 'root' ? settings : 'settings.json',
    ],
    {
      cwd: from === 'root' ? ROOT : dir,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir, TICKDECK_NO_BROWSER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = URL_LINE.exec(stdout);
      if (!match) return;
      resolve({
        url: match[1]!,
        stderr: () => stderr,
        stdout: () => stdout,
        settings,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => reject(new Error(`exited with ${code}:\n${stdout}${stderr}`)));
  });
}
