import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../protocol/batch';
import { writeSyntheticRecording } from '../../test-support/recording-traffic';
import type { AppHost } from './host';
import { createAppHost } from './host';
import { OPEN_TIMEOUT_MS } from './replay-controller';

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

/** Attaches a consumer that acks every batch, and resolves when `predicate` holds. */
function waitForBatch(h: AppHost, predicate: (b: Batch) => boolean, timeoutMs = 8_000) {
  return new Promise<Batch>((resolve, reject) => {
    const timer = setTimeout(() => {
      consumer.detach();
      reject(new Error('no matching batch'));
    }, timeoutMs);
    const consumer = h.attach((batch) => {
      consumer.ack(batch.seq);
      if (predicate(batch)) {
        clearTimeout(timer);
        consumer.detach();
        resolve(batch);
      }
    });
  });
}

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
    expect(batch.health.source).toEqual({ kind: 'replay', label: 'dropped' });
    expect(batch.health.replay).toMatchObject({ path: dropped, playing: true });
    expect(await h.invoke('replay:control', [{ action: 'pause' }])).toMatchObject({
      ok: true,
      value: { path: dropped, playing: false },
    });
  });
});
