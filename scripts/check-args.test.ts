import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WARNINGS_SAID_ENV } from '../main/host/command-line';
import { checkArgs } from './check-args.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the build writes: unchanged when the options are refused before it. */
const BUILT = join(ROOT, 'out', 'main', 'web.js');
/** Far under the 10 to 40 s build, with room for a loaded machine. */
const TIMEOUT_MS = 60_000;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const builtAt = (): number | null => statSync(BUILT, { throwIfNoEntry: false })?.mtimeMs ?? null;

/**
 * Runs `node scripts/<script> ...args` to its end. `electron`: a stand-in Electron binary that
 * notes it was started, else none (browser mode).
 */
function run(script: string, args: string[], electron: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-check-args-'));
  dirs.push(dir);
  if (electron) {
    writeFileSync(join(dir, 'electron'), `#!/bin/sh\necho "$@" > "${join(dir, 'started')}"\n`);
    chmodSync(join(dir, 'electron'), 0o755);
  }
  const child = spawn(process.execPath, [join(ROOT, 'scripts', script), ...args], {
    cwd: dir,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir, TICKDECK_NO_BROWSER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string; launched: boolean }>(
    (resolve) =>
      child.on('close', (code) =>
        resolve({ code, stdout, stderr, launched: existsSync(join(dir, 'started')) }),
      ),
  );
}

describe('npm run web and npm start read their options before the build (bug 239)', () => {
  it(
    'npm run web refuses a mistyped flag in its one line, without building',
    async () => {
      const before = builtAt();
      const { code, stderr } = await run('web.js', ['--prot', '0'], false);
      expect(builtAt()).toBe(before);
      expect(stderr.trim()).toBe(
        'tickdeck web: unknown option --prot; did you mean --port? (--help lists the options)',
      );
      expect(code).toBe(2);
    },
    TIMEOUT_MS,
  );

  it(
    'npm start with Electron refuses a near miss and a bad value, and lists the options, neither building nor launching',
    async () => {
      const before = builtAt();
      const typo = await run('start.js', ['--setings', 'mine.json'], true);
      expect(typo.stderr.trim()).toBe(
        'tickdeck: unknown option --setings; did you mean --settings? (--help lists the options)',
      );
      expect(typo.code).toBe(2);
      const bad = await run('start.js', ['--feed', 'gopher://x'], true);
      expect(bad.stderr).toMatch(/^tickdeck: --feed: .*\(--help lists the options\)\n$/);
      expect(bad.code).toBe(2);
      const help = await run('start.js', ['--help'], true);
      expect(help.stdout).toMatch(/^Usage: npm start -- \[options\]/);
      expect(help.code).toBe(0);
      expect([typo.launched, bad.launched, help.launched]).toEqual([false, false, false]);
      expect(builtAt()).toBe(before);
    },
    TIMEOUT_MS * 2,
  );

  it(
    'npm start without Electron reads them as browser mode does',
    async () => {
      const before = builtAt();
      const { code, stderr } = await run('start.js', ['--frobnicate'], false);
      expect(builtAt()).toBe(before);
      expect(stderr.split('\n')[1]).toBe(
        'tickdeck web: unknown option --frobnicate (--help lists the options)',
      );
      expect(code).toBe(2);
    },
    TIMEOUT_MS,
  );

  it('npm start says the arguments the desktop app will not use before the build, and tells the app (bug 263)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const env = await checkArgs({ root: ROOT, args: ['--frobnicate', 'x'], mode: 'desktop' });
    // Before: nothing here; the app said them after the 10 to 40 s build.
    expect(warn.mock.calls).toEqual([
      ['tickdeck: --frobnicate is not a Tickdeck option: passed on to Chromium'],
      ['tickdeck: unexpected argument x: not used'],
    ]);
    expect(env).toEqual({ [WARNINGS_SAID_ENV]: '1' });
    warn.mockRestore();
  });
});
