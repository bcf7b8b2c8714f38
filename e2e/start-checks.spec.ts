/**
 * What browser mode refuses at start, as a user meets it (`node out/main/web.js`): a second
 * host on a settings file another holds (bug 150; the first serves on, and a lock left by a
 * host killed with kill -9 does not block the next start), and an `--alert` on a source the run
 * does not have, judged once the saved sources' names are known (bug 148), with every file as
 * it was (bug 181), and a flag given twice (bug 183). Each refusal is one line naming what is
 * wrong, and exit code 2.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

let dir: string;
const running: WebHostProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-e2e-start-checks-'));
});
afterAll(async () => {
  for (const web of running.splice(0)) await web.stop();
  await rm(dir, { recursive: true, force: true });
});

const start = async (args: readonly string[]) => {
  const web = await startWebHostProcess(args);
  running.push(web);
  return web;
};

describe('browser mode refuses at start', () => {
  it('a second host on one settings file; the first serves on; kill -9 leaves no block', async () => {
    const settings = join(dir, 's.json');
    const first = await start(['--settings', settings]);
    const second = startWebHostProcess(['--settings', settings]);
    // Stopped after the run should it start after all.
    second.then(
      (web) => running.push(web),
      () => undefined,
    );
    await expect(second).rejects.toThrow(
      new RegExp(
        `exited with 2[\\s\\S]*tickdeck web: ${settings.replace(/[.]/g, '\\.')} is in use by another Tickdeck \\(process ${first.pid} `,
      ),
    );
    expect((await fetch(first.url)).status).toBe(200);

    process.kill(first.pid!, 'SIGKILL');
    await first.stop();
    const next = await start(['--settings', settings]);
    expect((await fetch(next.url)).status).toBe(200);
  });

  it("an --alert on a source the run lacks; one on a saved source's name starts", async () => {
    const settings = join(dir, 'feeds.json');
    const feeds = [
      { feed: null, endpoint: null, name: 'sim' },
      // Nothing listens here: the source retries, which is all this test needs.
      { feed: 'kraken:BTC/USD', endpoint: 'ws://127.0.0.1:9/a', name: 'kraken-2' },
    ];
    await writeFile(settings, JSON.stringify({ version: 3, feeds }));
    await expect(
      startWebHostProcess(['--settings', settings, '--alert', 'kraken:BTC/USD above 5']),
    ).rejects.toThrow(
      'exited with 2:\ntickdeck web: --alert "kraken:BTC/USD above 5": no source is named "kraken" (this run\'s sources are sim, kraken-2)',
    );
    const web = await start(['--settings', settings, '--alert', 'kraken-2:BTC/USD above 5']);
    expect((await fetch(web.url)).status).toBe(200);
  });

  it('bug 181, bug 183: a refused start leaves the files as they were; a flag given twice is named', async () => {
    const settings = join(dir, 'corrupt.json');
    await writeFile(settings, '{ corrupt');
    const before = (await readdir(dir)).sort();
    await expect(
      startWebHostProcess(['--settings', settings, '--alert', 'kraken:BTC/USD above 5']),
    ).rejects.toThrow('exited with 2:\ntickdeck web: --alert "kraken:BTC/USD above 5"');
    // Not set aside (`corrupt.json.corrupt-…`): the start that would have done it was refused.
    expect((await readdir(dir)).sort()).toEqual(before);
    expect(await readFile(settings, 'utf8')).toBe('{ corrupt');
    await expect(
      startWebHostProcess(['--settings', settings, '--settings', join(dir, 'other.json')]),
    ).rejects.toThrow('exited with 2:\ntickdeck web: --settings: given twice; give it once');
  });
});
