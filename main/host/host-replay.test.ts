import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../protocol/batch';
import type { PriceHistory } from '../../protocol/price-history';
import { until, waitForBatch } from '../../test-support/batch-view';
import { writeSyntheticRecording } from '../../test-support/recording-traffic';
import type { AppHost } from './host';
import { StartError, createAppHost } from './host';
import { OPEN_TIMEOUT_MS } from './hello-wait';
import { sourceNameOf } from '../../test-support/source-name';

let dir: string;
let host: AppHost | null = null;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-replay-'));
});
afterEach(async () => {
  await host?.close();
  host = null;
  await rm(dir, { recursive: true, force: true });
});

describe('app host replay', () => {
  it('two concurrent replay:open calls (a folder dropped while the menu opens one): the later plays on, past the open timeout', async () => {
    const menuChoice = join(dir, 'menu-choice');
    const dropped = join(dir, 'dropped');
    // Long enough at 1x to outlast the open timeout.
    await writeSyntheticRecording(menuChoice, { messages: 2_000, stepMs: 10 });
    await writeSyntheticRecording(dropped, { messages: 2_000, stepMs: 10, seed: 7 });
    host = await createAppHost({
      settingsPath: null,
      simulator: { seed: 5, rate: 200, heartbeatMs: 100 },
      recordingsDir: join(dir, 'recordings'),
    });
    const h = host;
    const openedAt = Date.now();
    const [first, second] = await Promise.all([
      h.invoke('replay:open', [menuChoice]),
      h.invoke('replay:open', [dropped]),
    ]);
    expect(second).toMatchObject({ ok: true, value: { path: dropped, playing: true } });
    if (!first.ok)
      expect(first.error).toBe(`${menuChoice}: not opened: cancelled by a later open or close`);
    // The earlier open's timer, had it been left running, would fire by now.
    await new Promise((r) => setTimeout(r, openedAt + OPEN_TIMEOUT_MS + 500 - Date.now()));
    const batch = await waitForBatch(
      h,
      (b) => b.health.connection.state === 'live' && b.market.length > 0,
    );
    // The replay runs beside the live simulator, as its own source.
    expect(batch.health.source.kind).toBe('embedded');
    expect(batch.health.sources?.find((s) => s.name === 'replay')?.source).toEqual({
      kind: 'replay',
      label: 'dropped',
    });
    expect(batch.health.replay).toMatchObject({ path: dropped, playing: true });
    expect(await h.invoke('replay:control', [{ action: 'pause' }])).toMatchObject({
      ok: true,
      value: { path: dropped, playing: false },
    });
  });

  it('bug 224: a --replay folder that will not open refuses the start, naming it, and leaves nothing held', async () => {
    const missing = join(dir, 'no-such-recording');
    const settingsPath = join(dir, 's.json');
    const start = () =>
      createAppHost({
        settingsPath,
        simulator: { seed: 5, rate: 200, heartbeatMs: 100 },
        replay: missing,
      });
    const refused = start();
    await expect(refused).rejects.toThrow(StartError);
    await expect(refused).rejects.toThrow(/^--replay: .*no-such-recording/);
    // The settings file's lock was given up: the next start on it is not refused as in use.
    await expect(start()).rejects.toThrow(/^--replay: /);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a --replay recording plays alone; closing it starts the chosen feed', async () => {
    const recording = join(dir, 'alone');
    await writeSyntheticRecording(recording, { messages: 2_000, stepMs: 10 });
    host = await createAppHost({
      settingsPath: null,
      simulator: { seed: 5, rate: 200, heartbeatMs: 100 },
      replay: recording,
    });
    const h = host;
    const alone = await waitForBatch(h, (b) => b.health.replay !== null && b.market.length > 0);
    expect(alone.health.source.kind).toBe('replay');
    expect(alone.health.sources).toBeUndefined();
    expect(await h.invoke('replay:close', [])).toMatchObject({ ok: true });
    await waitForBatch(
      h,
      (b) =>
        b.health.replay === null &&
        b.health.source.kind === 'embedded' &&
        b.health.connection.state === 'live',
    );
  });

  it('in browser mode, refuses to choose a folder and says how to replay one', async () => {
    host = await createAppHost({ settingsPath: null, simulator: { seed: 5, rate: 200 } });
    expect(await host.invoke('replay:choose', [])).toEqual({
      ok: false,
      error: 'choosing a folder needs the desktop app; in browser mode start with --replay <dir>',
    });
  });
});

describe('a replay beside the live feed', () => {
  /** Every point the engine holds for `id` (a market of the simulator's 20 keeps them all). */
  async function history(h: AppHost, id: string): Promise<PriceHistory> {
    const request = { id, from: 0, to: Date.now() + 60_000, maxPoints: 5_000 };
    const result = await h.invoke('history:prices', [request]);
    if (!result.ok) throw new Error(result.error);
    return result.value as PriceHistory;
  }

  it('leaves the live history, its seq and its ticks running while it is open, and as they were once closed', async () => {
    const recording = join(dir, 'morning');
    await writeSyntheticRecording(recording, { messages: 2_000, stepMs: 10 });
    host = await createAppHost({
      settingsPath: null,
      simulator: { seed: 5, rate: 200, heartbeatMs: 100 },
      recordingsDir: join(dir, 'recordings'),
    });
    const h = host;
    // A page watching all along: what it is sent, batch by batch.
    const batches: Batch[] = [];
    const page = h.attach((batch) => {
      batches.push(batch);
      page.ack(batch.seq);
    });
    const firstMarket = () =>
      batches.flatMap((b) => b.instruments ?? []).find((i) => i.kind === 'market');
    await until(() => firstMarket() !== undefined, 10_000);
    const id = firstMarket()!.id;
    // Let it tick for a while before the replay opens.
    await until(() => batches.filter((b) => b.market.some((r) => r.id === id)).length >= 10);
    const before = await history(h, id);
    expect(before.t.length).toBeGreaterThan(5);
    const openedAt = Date.now();
    const seenBeforeOpen = batches.length;

    expect(await h.invoke('replay:open', [recording])).toMatchObject({ ok: true });
    await until(() => batches.some((b) => b.health.replay?.playing === true), 10_000);
    // The live instrument kept ticking while the replay played: later points, same ids.
    await until(() => batches.slice(seenBeforeOpen).some((b) => b.market.some((r) => r.id === id)));
    await until(() => batches.some((b) => b.instruments?.some((i) => i.id.startsWith('replay:'))));
    // Its history grows past the replay's opening (polled: the engine's thread answers late
    // under load, and a bucket reaches the history when sealed).
    let during = await history(h, id);
    for (const deadline = Date.now() + 10_000; during.t.at(-1)! <= openedAt + 500;) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 100));
      during = await history(h, id);
    }
    expect(await h.invoke('replay:control', [{ action: 'pause' }])).toMatchObject({ ok: true });

    expect(await h.invoke('replay:close', [])).toMatchObject({ ok: true });
    await until(() => batches.at(-1)!.health.replay === null);
    const closedAt = Date.now();
    await until(() => batches.at(-1)!.market.some((r) => r.id === id));
    const after = await history(h, id);

    // Every point from before the replay is still there, exactly, and the line runs on with
    // no hole where the replay was open (the simulator ticks each instrument many times a
    // second).
    expect(after.t.slice(0, before.t.length)).toEqual(before.t);
    expect(after.price.slice(0, before.price.length)).toEqual(before.price);
    expect(after.t.at(-1)!).toBeGreaterThanOrEqual(during.t.at(-1)!);
    const open = after.t.filter((t) => t >= openedAt && t <= closedAt);
    for (let i = 1; i < open.length; i++) expect(open[i]! - open[i - 1]!).toBeLessThan(1_500);
    // Seq continuity: no gap on the live source, and the page never had to start over.
    expect(batches.at(-1)!.health.gaps).toBe(0);
    expect(batches.slice(1).filter((b) => b.reset)).toEqual([]);
    expect(batches.at(-1)!.health.source.kind).toBe('embedded');
    page.detach();
  });
});

describe('app host, several sources recorded at once', () => {
  it('records every source as a set and replays them together beside the live ones', async () => {
    const { startSimulator } = await import('../../feed-simulator/index');
    const other = await startSimulator({ port: 0, seed: 9, rate: 200, heartbeatMs: 100 });
    try {
      host = await createAppHost({
        settingsPath: null,
        simulator: { seed: 5, rate: 200, heartbeatMs: 100 },
        recordingsDir: join(dir, 'recordings'),
        overrides: {
          feeds: [
            { feed: null, endpoint: null },
            { feed: other.url, endpoint: null },
          ],
        },
      });
      const h = host;
      await waitForBatch(
        h,
        (b) => b.health.sources?.every((s) => s.connection.state === 'live') === true,
      );
      const started = await h.invoke('recording:start', []);
      expect(started).toMatchObject({ ok: true, value: { active: true } });
      await waitForBatch(h, (b) => b.health.recording.messages > 200, 15_000);
      const stopped = await h.invoke('recording:stop', []);
      const setDir = (stopped as { value: { dir: string } }).value.dir;

      expect(await h.invoke('recording:list', [])).toMatchObject({
        ok: true,
        value: [{ dir: setDir, sources: ['sim', sourceNameOf(other.url)] }],
      });
      expect(await h.invoke('replay:open', [setDir])).toMatchObject({ ok: true });
      const replayed = await waitForBatch(
        h,
        (b) =>
          b.market.some((r) => r.id === 'replay:sim:ACME') &&
          b.market.some((r) => r.id === `replay:${sourceNameOf(other.url)}:ACME`),
        15_000,
      );
      // The live sources run on beside it, under their own names.
      expect(replayed.market.some((r) => r.id === 'sim:ACME')).toBe(true);
      // One clock: pausing the replay pauses both recorded sources.
      expect(await h.invoke('replay:control', [{ action: 'pause' }])).toMatchObject({
        ok: true,
        value: { playing: false },
      });
    } finally {
      await host?.close();
      host = null;
      await other.close();
    }
  });
});
