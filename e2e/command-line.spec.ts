/**
 * The browser mode's command line as a newcomer meets it (`node out/main/web.js`, what
 * `npm run web` and `npm start` without Electron run): `--help` lists the options, and each
 * wrong input exits non-zero with one line naming the flag or the file (bug 217, bug 219, bug 224).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB_ENTRY = fileURLToPath(new URL('../out/main/web.js', import.meta.url));
/** A host that has not exited by then is killed, and the test fails on its code. */
const EXIT_TIMEOUT_MS = 30_000;

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the browser mode with `args` until it exits. */
async function run(args: readonly string[]): Promise<Exit> {
  const child = spawn(process.execPath, [WEB_ENTRY, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-e2e-command-line-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the browser mode command line', () => {
  it('--help lists every option with its bound and default, and exits 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm start -- \[options\]/);
    expect(help.stdout).toContain('0 to 65535; 0 picks a free one');
    expect(help.stdout).toContain('(default 5180)');
    expect(help.stderr).toBe('');
  });

  it('bug 219: a wrong flag or value is one line naming it, exit 2', async () => {
    const settings = join(dir, 'flags.json');
    const cases: [string[], string][] = [
      [['--prot', '0'], 'unknown option --prot'],
      [['--port'], 'option --port needs a value'],
      [
        ['--port', '--feed', 'sim'],
        'option --port needs a value; write a value starting with "-" as --port=<value>',
      ],
      [['--port', '70000'], '--port: expected 0 to 65535, got "70000"'],
      [
        ['--feed', 'http://127.0.0.1:8787'],
        '--feed: "http://127.0.0.1:8787" is not a WebSocket URL; use ws:// or wss://',
      ],
      [['--workspace', 'Nowhere', '--settings', settings], '--workspace: '],
    ];
    const exits = await Promise.all(cases.map(([args]) => run(args)));
    cases.forEach(([args, says], i) => {
      const { code, stdout, stderr } = exits[i]!;
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr.split('\n').filter(Boolean), args.join(' ')).toEqual([
        expect.stringContaining(`tickdeck web: ${says}`),
      ]);
      expect(stdout).toBe('');
    });
    // Refused with nothing written, not even the settings file.
    expect(await readFile(settings, 'utf8').catch(() => null)).toBeNull();
  });

  it("bug 217: --settings naming another settings file's lock is refused, and the lock kept", async () => {
    const lock = join(dir, 'x.json.lock');
    const held = JSON.stringify({ pid: process.pid, host: 'here', since: 'now' });
    await writeFile(lock, held);
    const refused = await run(['--port', '0', '--settings', lock]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `tickdeck web: --settings: "${lock}" is the lock of x.json, not a settings file (--help lists the options)\n`,
    );
    expect(await readFile(lock, 'utf8')).toBe(held);
  });

  it('bug 224: a --replay folder that is not there exits 2 naming it', async () => {
    const missing = join(dir, 'no-such-recording');
    const refused = await run([
      '--port',
      '0',
      '--settings',
      join(dir, 'r.json'),
      '--replay',
      missing,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^tickdeck web: --replay: .*no-such-recording/),
    ]);
    expect(refused.stdout).toBe('');
  });

  it('bug 225: a port in use, or a --host that names no machine, exits 1 in one line naming the flag', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const refused = await run(['--port', String(port), '--settings', join(dir, 'p.json')]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        `tickdeck web: cannot listen on 127.0.0.1:${port} (EADDRINUSE): the port is taken; try --port 0\n`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    // .invalid never resolves (RFC 6761).
    const nowhere = await run([
      '--port',
      '0',
      '--host',
      'nowhere.invalid',
      '--settings',
      join(dir, 'h.json'),
    ]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(
      /^tickdeck web: cannot listen on nowhere\.invalid:0 \((ENOTFOUND|EAI_AGAIN)\): --host does not resolve[^\n]*\n$/,
    );
  });
});
