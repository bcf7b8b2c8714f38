import { execFileSync } from 'node:child_process';
import { constants, statSync } from 'node:fs';
import { chmod, mkdtemp, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../protocol/ipc';
import { feedChoices } from '../../protocol/settings';
import { SAMPLE_RULE } from '../../test-support/alert-rules';
import { withUnwritableFolder } from '../../test-support/unwritable-folder';
import { openSettingsStore } from './settings-store';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-settings-'));
  file = join(dir, 'settings.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('settings store', () => {
  it('starts from defaults on first launch and saves changes', async () => {
    const store = await openSettingsStore(file);
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(store.notices).toEqual([]);
    await store.update({ theme: 'light', batchHz: 60 });
    const reopened = await openSettingsStore(file);
    expect(reopened.current()).toMatchObject({ theme: 'light', batchHz: 60 });
  });

  it("saves and reads back a fired once rule's time, and names a bad one", async () => {
    const fired = { ...SAMPLE_RULE, firedAt: 1_700_000_000_000 };
    const store = await openSettingsStore(file);
    await store.update({ alerts: [fired] });
    expect((await openSettingsStore(file)).current().alerts).toEqual([fired]);
    await expect(store.update({ alerts: [{ ...fired, firedAt: -5 }] })).rejects.toThrow(
      /alert "r1": firedAt: expected at least 0/,
    );
    await writeFile(
      file,
      JSON.stringify({
        alerts: [
          { ...fired, firedAt: 'soon' },
          { ...SAMPLE_RULE, id: 'ok' },
        ],
      }),
    );
    const reread = await openSettingsStore(file);
    expect(reread.current().alerts).toEqual([{ ...SAMPLE_RULE, id: 'ok' }]);
    expect(reread.notices[0]?.message).toMatch(
      /alert "r1": firedAt: expected a time in whole ms, got "soon"/,
    );
  });

  it('sets a corrupt file aside, uses defaults and tells the user', async () => {
    await writeFile(file, '{"theme": "dark",');
    const store = await openSettingsStore(file);
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(store.notices[0]?.message).toMatch(/could not be read .*defaults are in use.*kept as/);
    const kept = (await readdir(dir)).find((name) => name.includes('corrupt'));
    expect(kept).toBeDefined();
    expect(await readFile(join(dir, kept!), 'utf8')).toBe('{"theme": "dark",');
  });

  it('reads a file saved with a byte-order mark', async () => {
    await writeFile(file, `\uFEFF${JSON.stringify({ theme: 'light' })}`);
    const store = await openSettingsStore(file);
    expect(store.notices).toEqual([]);
    expect(store.current().theme).toBe('light');
  });

  it('keeps the valid fields of a partly invalid file and names the invalid ones', async () => {
    await writeFile(file, JSON.stringify({ theme: 'light', batchHz: 9999, colour: 'red' }));
    const store = await openSettingsStore(file);
    expect(store.current()).toMatchObject({ theme: 'light', batchHz: DEFAULT_SETTINGS.batchHz });
    expect(store.notices[0]?.message).toContain('batchHz');
    expect(store.notices[0]?.message).toContain('unknown setting "colour"');
  });

  it('renames the sources of a file saved before bug 112 and saves it as version 3', async () => {
    const feeds = ['ws://127.0.0.1:9090', 'ws://127.0.0.1:8080'].map((feed) => ({
      feed,
      endpoint: null,
    }));
    await writeFile(
      file,
      JSON.stringify({ feeds, focused: ['127-0-0-1:ACME', '127-0-0-1-2:ACME'] }),
    );
    const store = await openSettingsStore(file);
    const focused = ['127-0-0-1-9090:ACME', '127-0-0-1-8080:ACME'];
    expect(store.current().focused).toEqual(focused);
    await store.update({ theme: 'light' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 3, focused });
    expect((await openSettingsStore(file)).current().focused).toEqual(focused);
  });

  it('rejects an invalid change without touching what is saved', async () => {
    const store = await openSettingsStore(file);
    await store.update({ theme: 'light' });
    await expect(store.update({ batchHz: 0 })).rejects.toThrow(/batchHz/);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ theme: 'light', batchHz: 30 });
  });

  it('leaves a settings file the user made read-only as it is, refusing the change by name', async () => {
    const store = await openSettingsStore(file);
    await store.update({ theme: 'light' });
    const before = await readFile(file, 'utf8');
    await chmod(file, 0o444);
    await expect(store.update({ batchHz: 60 })).rejects.toThrow(
      `${file} is read-only: the change is not saved`,
    );
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(store.current()).toMatchObject({ theme: 'light', batchHz: 30 });
    await chmod(file, 0o644);
    await store.update({ batchHz: 60 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ batchHz: 60 });
  });

  it.skipIf(process.platform === 'win32')(
    'in a folder that cannot be written, starts on a workspace and refuses changes, naming the file and why',
    async () => {
      await writeFile(file, JSON.stringify({ theme: 'light' }));
      const before = await readFile(file, 'utf8');
      await withUnwritableFolder(dir, async () => {
        const store = await openSettingsStore(file, {}, { batchHz: 60 });
        expect(store.current()).toMatchObject({ theme: 'light', batchHz: 60 });
        expect(store.notices).toEqual([
          {
            level: 'warning',
            message: `The workspace's settings are in use for this run, but ${file} is not saved: its folder cannot be written (EACCES).`,
          },
        ]);
        await expect(store.update({ theme: 'dark' })).rejects.toThrow(
          `${file} is not saved: its folder cannot be written (EACCES)`,
        );
        expect(store.current().theme).toBe('light');
      });
      expect(await readFile(file, 'utf8')).toBe(before);
      expect(await readdir(dir)).toEqual(['settings.json']);
    },
  );

  it('applies command-line overrides for the run only', async () => {
    const store = await openSettingsStore(file, { feed: 'ws://127.0.0.1:9999' });
    expect(store.current().feed).toBe('ws://127.0.0.1:9999');
    await store.update({ theme: 'light' });
    expect(JSON.parse(await readFile(file, 'utf8')).feed).toBeNull();
    expect(store.current().feed).toBe('ws://127.0.0.1:9999');
    await store.update({ feed: null });
    expect(store.current().feed).toBeNull();
  });

  it('concurrent updates never corrupt the file, never fail, and never lose one', async () => {
    const store = await openSettingsStore(file);
    for (let round = 0; round < 30; round++) {
      const expected = {
        focused: [`I${round}`],
        batchHz: 1 + round,
        chartWindowMin: round % 2 === 0 ? 1 : 15,
        theme: round % 2 === 0 ? 'light' : 'dark',
      } as const;
      // Sent without waiting for each other, as the page sends them.
      const results = await Promise.allSettled([
        store.update({ focused: expected.focused }),
        store.update({ batchHz: expected.batchHz }),
        store.update({ chartWindowMin: expected.chartWindowMin }),
        store.update({ theme: expected.theme }),
      ]);
      expect(
        results.filter((r) => r.status === 'rejected'),
        `round ${round}`,
      ).toEqual([]);
      expect(store.current(), `round ${round}`).toMatchObject(expected);
      // The file is whole at every round and holds every update.
      const saved: unknown = JSON.parse(await readFile(file, 'utf8'));
      expect(saved, `round ${round}`).toMatchObject(expected);
    }
    const reopened = await openSettingsStore(file);
    expect(reopened.notices).toEqual([]);
    // No temp file is left behind.
    expect((await readdir(dir)).filter((name) => name !== 'settings.json')).toEqual([]);
  });
});

describe('settings store: several sources', () => {
  it('reads an old single-feed file as one source, and a list source by source', async () => {
    await writeFile(file, JSON.stringify({ feed: 'kraken:BTC/USD', feedEndpoint: null }));
    const old = await openSettingsStore(file);
    expect(old.notices).toEqual([]);
    expect(feedChoices(old.current())).toEqual([{ feed: 'kraken:BTC/USD', endpoint: null }]);

    await writeFile(
      file,
      JSON.stringify({
        feeds: [
          { feed: null, endpoint: null },
          { feed: 'nasdaq:AAPL', endpoint: null },
          { feed: 'coinbase:BTC-USD', endpoint: 'ws://127.0.0.1:9001' },
          { feed: 'kraken:BTC/USD', endpoint: 'localhost' },
        ],
      }),
    );
    const store = await openSettingsStore(file);
    expect(store.current().feeds).toEqual([
      { feed: null, endpoint: null, name: 'sim' },
      { feed: 'coinbase:BTC-USD', endpoint: 'ws://127.0.0.1:9001', name: 'coinbase' },
    ]);
    const message = store.notices[0]?.message ?? '';
    expect(message).toMatch(/feeds: source 2: feed: unknown feed "nasdaq"/);
    expect(message).toMatch(/feeds: source 4: endpoint: /);
  });

  it('refuses a bad source in a change, naming it, and goes back to one source on a feed change', async () => {
    const store = await openSettingsStore(file);
    await expect(
      store.update({
        feeds: [
          { feed: 'ws://x:1', endpoint: null },
          { feed: 'ftp://y', endpoint: null },
        ],
      }),
    ).rejects.toThrow(/feeds: source 2: feed: /);
    await store.update({
      feeds: [
        { feed: null, endpoint: null },
        { feed: 'kraken:BTC/USD', endpoint: null },
      ],
    });
    expect(feedChoices(store.current())).toHaveLength(2);
    await store.update({ feed: 'coinbase:BTC-USD' });
    expect(feedChoices(store.current())).toEqual([{ feed: 'coinbase:BTC-USD', endpoint: null }]);
    const reopened = await openSettingsStore(file);
    expect(reopened.current().feeds).toEqual([]);
  });

  it('lets one --feed override a saved list of sources for the run', async () => {
    await writeFile(
      file,
      JSON.stringify({
        feeds: [
          { feed: null, endpoint: null },
          { feed: 'kraken:X/Y', endpoint: null },
        ],
      }),
    );
    const store = await openSettingsStore(file, { feed: 'ws://127.0.0.1:9000' });
    expect(feedChoices(store.current())).toEqual([{ feed: 'ws://127.0.0.1:9000', endpoint: null }]);
  });
});

describe('settings store: a path that is not a regular file', () => {
  it.skipIf(process.platform === 'win32')(
    'refuses a FIFO as its file by name, in bounded time, and never replaces it',
    async () => {
      execFileSync('mkfifo', [file]);
      let timer: NodeJS.Timeout | undefined;
      try {
        // Without the check the open waits for a writer for good: this bounds the test instead.
        const store = await Promise.race([
          openSettingsStore(file, {}, { chartGrid: 4 }),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('the open waited on the FIFO')), 2_000);
          }),
        ]);
        expect(store.notices).toEqual([
          {
            level: 'error',
            message: `Settings file ${file} is not a regular file; defaults are in use, and no change is saved until it is one.`,
          },
        ]);
        // The workspace chosen at start is in use for the run, unsaved.
        expect(store.current()).toEqual({ ...DEFAULT_SETTINGS, chartGrid: 4 });
        await expect(store.update({ theme: 'light' })).rejects.toThrow(
          `${file} is not a regular file`,
        );
        expect(store.current().theme).toBe(DEFAULT_SETTINGS.theme);
        expect(statSync(file).isFIFO()).toBe(true);
        expect(await readdir(dir)).toEqual(['settings.json']);
      } finally {
        clearTimeout(timer);
        // Frees a read that did start (the failure this guards against), so the run can end.
        await open(file, constants.O_WRONLY | constants.O_NONBLOCK)
          .then((w) => w.close())
          .catch(() => undefined);
      }
    },
  );
});
