import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { Batch } from '../../protocol/batch';
import type { Notice, Settings, SettingsPatch } from '../../protocol/ipc';
import { until, waitForBatch } from '../../test-support/batch-view';
import type { AppHost } from './host';
import { createAppHost } from './host';
import { sourceNameOf } from '../../test-support/source-name';

let dir: string;
let host: AppHost | null = null;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-'));
});
afterEach(async () => {
  await host?.close();
  host = null;
  await rm(dir, { recursive: true, force: true });
});

async function start(
  options: {
    replay?: string;
    overrides?: SettingsPatch;
    confirmEndpoint?: (url: string) => Promise<boolean>;
  } = {},
): Promise<AppHost> {
  host = await createAppHost({
    settingsPath: join(dir, 'settings.json'),
    simulator: { seed: 5, rate: 500, heartbeatMs: 100 },
    recordingsDir: join(dir, 'recordings'),
    ...options,
  });
  return host;
}

describe('app host', () => {
  it('works out of the box: the embedded simulator streams live batches', async () => {
    const h = await start();
    const announced = await waitForBatch(h, (b) => (b.instruments?.length ?? 0) > 0);
    expect(announced.instruments!.some((i) => i.kind === 'market')).toBe(true);
    expect(announced.instruments!.some((i) => i.kind === 'sports')).toBe(true);
    const live = await waitForBatch(
      h,
      (b) => b.health.connection.state === 'live' && b.market.length > 0,
    );
    expect(live.health.source.kind).toBe('embedded');
  });

  it('refuses unknown commands and bad arguments with a message naming the problem', async () => {
    const h = await start();
    expect(await h.invoke('shell:exec', [])).toEqual({
      ok: false,
      error: 'unknown command "shell:exec"',
    });
    expect(await h.invoke('settings:update', [{ batchHz: 1000 }])).toMatchObject({
      ok: false,
      error: expect.stringContaining('batchHz'),
    });
    expect(await h.invoke('feed:connect', ['http://example.com'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('ws://'),
    });
    expect(await h.invoke('settings:get', ['extra'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('0 argument'),
    });
  });

  it('saves settings changes and applies the batch rate', async () => {
    const h = await start();
    expect(await h.invoke('settings:update', [{ theme: 'light', batchHz: 10 }])).toMatchObject({
      ok: true,
      value: { theme: 'light', batchHz: 10 },
    });
    expect(await h.invoke('settings:get', [])).toMatchObject({
      ok: true,
      value: { theme: 'light' },
    });
  });

  it('reports a corrupt settings file to the first listener and starts with defaults', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'settings.json'), 'not json');
    const h = await start();
    const notices: Notice[] = [];
    h.onEvent((channel, payload) => channel === 'app:notice' && notices.push(payload as Notice));
    expect(notices[0]?.message).toContain('could not be read');
    expect(await h.invoke('settings:get', [])).toMatchObject({ ok: true, value: { batchHz: 30 } });
  });

  it('records the feed, then replays the recording beside it', async () => {
    const h = await start();
    await waitForBatch(h, (b) => b.health.connection.state === 'live');
    const started = await h.invoke('recording:start', []);
    expect(started).toMatchObject({ ok: true, value: { active: true } });
    await waitForBatch(h, (b) => b.health.recording.active && b.health.recording.messages > 20);
    const stopped = await h.invoke('recording:stop', []);
    expect(stopped).toMatchObject({ ok: true, value: { active: false } });
    const [folder] = await readdir(join(dir, 'recordings'));
    expect(folder).toBeDefined();
    // The page's Open recording list offers it, by the path replay:open takes.
    expect(await h.invoke('recording:list', [])).toMatchObject({
      ok: true,
      value: [{ name: folder, dir: join(dir, 'recordings', folder!) }],
    });

    const opened = await h.invoke('replay:open', [join(dir, 'recordings', folder!)]);
    expect(opened).toMatchObject({ ok: true, value: { playing: true } });
    const replayed = await waitForBatch(
      h,
      (b) => b.health.replay !== null && b.market.some((r) => r.id.startsWith('replay:')),
    );
    expect(replayed.health.sources?.find((s) => s.name === 'replay')?.source).toEqual({
      kind: 'replay',
      label: folder,
    });
    // A recording records the live feed: with the replay open beside it, it still may.
    expect(replayed.health.source.kind).toBe('embedded');
    expect(await h.invoke('replay:control', [{ action: 'pause' }])).toMatchObject({
      ok: true,
      value: { playing: false },
    });
    const { start: replayStart, end } = replayed.health.replay!;
    const from = replayStart + (end - replayStart) / 4;
    await h.invoke('replay:control', [{ action: 'range', from, to: end }]);
    await h.invoke('replay:control', [{ action: 'loop', loop: true }]);
    // The health bar shows the controller's range and loop, not just the server's span.
    await waitForBatch(h, (b) => b.health.replay?.rangeFrom === from && b.health.replay.loop);

    await h.invoke('replay:close', []);
    await waitForBatch(h, (b) => b.health.replay === null && b.health.sources === undefined);
  });

  it('a recording whose folder is deleted stops, the user is told, and the feed keeps running', async () => {
    const h = await start();
    const notices: Notice[] = [];
    h.onEvent((_channel, notice) => notices.push(notice as Notice));
    await waitForBatch(h, (b) => b.health.connection.state === 'live');
    const started = await h.invoke('recording:start', []);
    expect(started).toMatchObject({ ok: true, value: { active: true } });
    const folder = (started as { value: { dir: string } }).value.dir;
    await waitForBatch(h, (b) => b.health.recording.messages > 20);
    await rm(folder, { recursive: true, force: true });
    await waitForBatch(h, (b) => !b.health.recording.active);
    expect(notices).toContainEqual({
      level: 'error',
      message: expect.stringMatching(/^Recording stopped: .*deleted while recording/),
    });
    await waitForBatch(h, (b) => b.health.connection.state === 'live' && b.market.length > 0);
  });

  it('records into the folder --recordings-dir names, creating it; an unwritable one is refused clearly', async () => {
    const chosen = join(dir, 'chosen', 'deeper');
    const h = await start({ overrides: { recordingsDir: chosen } });
    await waitForBatch(h, (b) => b.health.connection.state === 'live');
    const started = await h.invoke('recording:start', []);
    expect(started).toMatchObject({ ok: true, value: { active: true } });
    expect((started as { value: { dir: string } }).value.dir.startsWith(chosen)).toBe(true);
    await h.invoke('recording:stop', []);
    expect(await readdir(chosen)).toHaveLength(1);
    await h.close();

    // A folder inside a file cannot be created, even by root.
    await writeFile(join(dir, 'a-file'), 'x');
    const blocked = join(dir, 'a-file', 'recordings');
    const h2 = await start({ overrides: { recordingsDir: blocked } });
    await waitForBatch(h2, (b) => b.health.connection.state === 'live');
    const refused = await h2.invoke('recording:start', []);
    expect(refused).toMatchObject({
      ok: false,
      error: expect.stringMatching(/a-file\/recordings\/.*: cannot create the recording folder/),
    });
    await waitForBatch(h2, (b) => !b.health.recording.active && b.market.length > 0);
  });

  it('takes the recordings folder from the settings file, and never from the page', async () => {
    const chosen = join(dir, 'from-settings');
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ recordingsDir: chosen }));
    const h = await start();
    await waitForBatch(h, (b) => b.health.connection.state === 'live');
    const started = await h.invoke('recording:start', []);
    expect((started as { value: { dir: string } }).value.dir.startsWith(chosen)).toBe(true);
    await h.invoke('recording:stop', []);
    expect(await h.invoke('settings:update', [{ recordingsDir: join(dir, 'page') }])).toMatchObject(
      {
        ok: false,
        error: expect.stringContaining(
          'recordingsDir: set in the settings file or with --recordings-dir',
        ),
      },
    );
  });

  it('opening a folder that is not a recording is a clear error, and the feed keeps running', async () => {
    const h = await start();
    const result = await h.invoke('replay:open', [join(dir, 'nope')]);
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('nope') });
    await waitForBatch(
      h,
      (b) => b.health.source.kind === 'embedded' && b.health.connection.state === 'live',
    );
  });

  it('applies a changed exchange endpoint on the next connect, and saves it', async () => {
    const asked: string[] = [];
    const h = await start({ confirmEndpoint: async (url) => (asked.push(url), true) });
    const exchange = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    try {
      await new Promise((resolve) => exchange.once('listening', resolve));
      const endpoint = `ws://127.0.0.1:${(exchange.address() as { port: number }).port}`;
      const connected = new Promise((resolve) => exchange.once('connection', resolve));
      expect(await h.invoke('settings:update', [{ feedEndpoint: endpoint }])).toMatchObject({
        ok: true,
        value: { feedEndpoint: endpoint },
      });
      expect(await h.invoke('feed:connect', ['kraken:BTC/USD'])).toMatchObject({ ok: true });
      await connected; // the engine dialled the override, not Kraken
      expect(asked).toEqual([endpoint]); // the user confirmed the new address, once
      expect(await h.invoke('settings:get', [])).toMatchObject({
        ok: true,
        value: { feed: 'kraken:BTC/USD', feedEndpoint: endpoint },
      });
    } finally {
      await h.invoke('feed:disconnect', []);
      for (const client of exchange.clients) client.terminate();
      await new Promise((resolve) => exchange.close(resolve));
    }
  });

  it("saves the browser page's pop-out tabs for the next load, checked window by window", async () => {
    const h = await start();
    const tab = {
      panel: { panel: 'chart', instrument: 'ACME' },
      bounds: { x: 40, y: 30, width: 760, height: 480 },
      displayId: null,
    };
    const alerts = { ...tab, panel: { panel: 'alerts' } };
    expect(await h.invoke('window:tabs', [[tab, alerts]])).toEqual({ ok: true, value: null });
    expect(await h.invoke('settings:get', [])).toMatchObject({
      ok: true,
      value: { windows: [tab, alerts] },
    });
    // A bad entry, a second tab of a panel or too many refuse the whole list; nothing changes.
    for (const bad of [
      [{ ...tab, bounds: { ...tab.bounds, width: 1e9 } }],
      [tab, tab],
      Array.from({ length: 17 }, (_, i) => ({
        ...tab,
        panel: { panel: 'chart', instrument: `I${i}` },
      })),
      'all',
    ])
      expect(await h.invoke('window:tabs', [bad])).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^window:tabs: windows/),
      });
    expect(await h.invoke('settings:get', [])).toMatchObject({
      ok: true,
      value: { windows: [tab, alerts] },
    });
  });

  describe('feed addresses the page names', () => {
    let server: WebSocketServer;
    let url: string;
    /** The source name of `url` (`127-0-0-1-<port>`). */
    let src: string;
    let dialled: number;
    beforeEach(async () => {
      server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      await new Promise((resolve) => server.once('listening', resolve));
      url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
      src = sourceNameOf(url);
      dialled = 0;
      server.on('connection', () => dialled++);
    });
    afterEach(async () => {
      await host?.invoke('feed:disconnect', []);
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    });

    it('without a prompt (browser mode), refuses an address the user did not choose and never dials it', async () => {
      const h = await start();
      for (const [channel, args] of [
        ['feed:connect', [url]],
        ['feed:connect', [`${url}/?leak=secret`]],
        ['settings:update', [{ feedEndpoint: url }]],
        ['settings:update', [{ feed: url }]],
      ] as const) {
        expect(await h.invoke(channel, [...args])).toEqual({
          ok: false,
          error: expect.stringMatching(/^"ws:\/\/127\.0\.0\.1:\d+.*" was not chosen .* --feed/),
        });
      }
      // Built-in choices name no address and stay the page's to make.
      expect(await h.invoke('feed:connect', [null])).toEqual({ ok: true, value: null });
      await waitForBatch(h, (b) => b.health.connection.state === 'live');
      expect(dialled).toBe(0);
      expect(await h.invoke('settings:get', [])).toMatchObject({
        ok: true,
        value: { feed: null, feedEndpoint: null },
      });
    });

    it('connects the saved sources again after a Disconnect, both of them, with no prompt', async () => {
      const asked: string[] = [];
      const h = await start({ confirmEndpoint: async (u) => (asked.push(u), true) });
      expect(await h.invoke('feed:add', [url, null])).toEqual({ ok: true, value: src });
      await until(() => dialled === 1, 8_000);
      await h.invoke('feed:disconnect', []);
      const states = (b: Batch) => b.health.sources?.map((s) => s.connection.state).join();
      await waitForBatch(h, (b) => states(b) === 'closed,closed');
      expect(await h.invoke('feed:reconnect', [])).toEqual({ ok: true, value: null });
      await until(() => dialled === 2, 8_000);
      await waitForBatch(h, (b) => b.health.sources?.[0]?.connection.state === 'live');
      expect(asked).toEqual([url]); // chosen once, when added: the saved list needs no prompt
      expect(await h.invoke('settings:get', [])).toMatchObject({
        ok: true,
        value: { feeds: [{ feed: null }, { feed: url }] },
      });
    });

    it('adds and removes sources, confirming a page-chosen address for each, and saves the list', async () => {
      const asked: string[] = [];
      const h = await start({ confirmEndpoint: async (u) => (asked.push(u), true) });
      expect(await h.invoke('feed:add', [url, null])).toEqual({ ok: true, value: src });
      expect(asked).toEqual([url]);
      await until(() => dialled > 0, 8_000);
      expect(await h.invoke('settings:get', [])).toMatchObject({
        ok: true,
        value: {
          feeds: [
            { feed: null, endpoint: null },
            { feed: url, endpoint: null },
          ],
        },
      });
      expect(await h.invoke('recording:start-sources', [['sim', 'nope']])).toEqual({
        ok: false,
        error: `no source named "nope" to record (the sources are sim, ${src})`,
      });
      expect(await h.invoke('feed:remove', [src])).toEqual({ ok: true, value: null });
      expect(await h.invoke('settings:get', [])).toMatchObject({
        ok: true,
        value: { feed: null, feeds: [] },
      });
      expect(await h.invoke('feed:remove', ['sim'])).toEqual({
        ok: false,
        error: '"sim" is the only source; connect another feed instead',
      });
    });

    it('saves the list without the very source removed, whose name another removal left as it was', async () => {
      const h = await start({ confirmEndpoint: async () => true });
      const [a, b, c] = [`${url}/a`, `${url}/b`, `${url}/c`];
      expect(await h.invoke('feed:add', [a, null])).toEqual({ ok: true, value: src });
      expect(await h.invoke('feed:add', [b, null])).toEqual({ ok: true, value: `${src}-2` });
      expect(await h.invoke('feed:remove', [src])).toEqual({ ok: true, value: null });
      // The removed source's name is not given to another feed (bug 147); the second keeps its own.
      expect(await h.invoke('feed:add', [c, null])).toEqual({ ok: true, value: `${src}-3` });
      expect(await h.invoke('feed:remove', [`${src}-2`])).toEqual({ ok: true, value: null });
      expect(await h.invoke('settings:get', [])).toMatchObject({
        ok: true,
        value: {
          feeds: [
            { feed: null, endpoint: null },
            { feed: c, endpoint: null },
          ],
        },
      });
    });

    it('saves every source of adds and removes sent at once (two pages): none overwrites another', async () => {
      const h = await start({ confirmEndpoint: async () => true });
      const [a, b, c] = [`${url}/a`, `${url}/b`, `${url}/c`];
      // Each address chosen once (one question at a time), then b and c removed again.
      for (const feed of [a, b, c])
        expect(await h.invoke('feed:add', [feed, null])).toMatchObject({ ok: true });
      for (const name of [`${src}-2`, `${src}-3`])
        expect(await h.invoke('feed:remove', [name])).toEqual({ ok: true, value: null });
      const results = await Promise.all([
        h.invoke('feed:add', [b, null]),
        h.invoke('feed:remove', [src]),
        h.invoke('feed:add', [c, null]),
      ]);
      expect(results.every((r) => r.ok)).toBe(true);
      const saved = await h.invoke('settings:get', []);
      const feeds = (saved as { value: Settings }).value.feeds.map((f) => f.feed);
      expect(feeds.sort()).toEqual([b, c, null].sort());
    });

    it('announces the new source list to every page when a source is added or removed', async () => {
      const h = await start({ confirmEndpoint: async () => true });
      // Two pages (a main window and a pop-out, or two tabs), each its own listener.
      const heard: [Settings['feeds'][], Settings['feeds'][]] = [[], []];
      for (const page of heard)
        h.onEvent((channel, payload) => {
          if (channel === 'settings:changed') page.push((payload as Settings).feeds);
        });
      expect(await h.invoke('feed:add', [url, null])).toMatchObject({ ok: true });
      // Each with its name, kept across restarts (bug 132).
      const both = [
        { feed: null, endpoint: null, name: 'sim' },
        { feed: url, endpoint: null, name: src },
      ];
      expect(heard).toEqual([[both], [both]]);
      expect(await h.invoke('feed:remove', [src])).toMatchObject({ ok: true });
      expect(heard).toEqual([
        [both, []],
        [both, []],
      ]);
      // Switching the one source is announced too: every page names the new feed.
      const feeds: (string | null)[] = [];
      h.onEvent((channel, payload) => {
        if (channel === 'settings:changed') feeds.push((payload as Settings).feed);
      });
      expect(await h.invoke('feed:connect', [url])).toMatchObject({ ok: true });
      expect(feeds).toEqual([url]);
    });

    it('refuses to add a source at an address the user did not choose (browser mode)', async () => {
      const h = await start();
      expect(await h.invoke('feed:add', [url, null])).toEqual({
        ok: false,
        error: expect.stringMatching(/was not chosen .* --feed/),
      });
      expect(
        await h.invoke('settings:update', [{ feeds: [{ feed: url, endpoint: null }] }]),
      ).toEqual({
        ok: false,
        error: expect.stringMatching(/was not chosen/),
      });
      expect(dialled).toBe(0);
    });

    it('admits the addresses given on the command line', async () => {
      const h = await start({ overrides: { feed: url } });
      await until(() => dialled > 0, 8_000);
      expect(await h.invoke('feed:connect', [null])).toMatchObject({ ok: true });
      expect(await h.invoke('feed:connect', [`${url}/`])).toMatchObject({ ok: true });
      await until(() => dialled > 1, 8_000);
    });

    it('asks the user once per address; a declined one is never dialled', async () => {
      const asked: string[] = [];
      let answer = false;
      const h = await start({ confirmEndpoint: async (u) => (asked.push(u), answer) });
      expect(await h.invoke('feed:connect', [url])).toEqual({
        ok: false,
        error: `"${url}": connection declined`,
      });
      expect(dialled).toBe(0);
      answer = true;
      expect(await h.invoke('feed:connect', [url])).toMatchObject({ ok: true });
      await until(() => dialled > 0, 8_000);
      expect(await h.invoke('feed:connect', [url])).toMatchObject({ ok: true });
      expect(asked).toEqual([url, url]);
    });

    it('keeps one question open at a time: a second request while it is open is refused', async () => {
      let answer: ((allowed: boolean) => void) | null = null;
      const h = await start({
        confirmEndpoint: () => new Promise<boolean>((resolve) => (answer = resolve)),
      });
      const first = h.invoke('feed:connect', [url]);
      await until(() => answer !== null, 2_000);
      expect(await h.invoke('feed:connect', ['ws://127.0.0.1:9/other'])).toEqual({
        ok: false,
        error: '"ws://127.0.0.1:9/other": another feed address is waiting for your answer',
      });
      answer!(false);
      expect(await first).toMatchObject({ ok: false });
    });
  });
});
