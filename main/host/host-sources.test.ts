import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../feed-simulator';
import type { Batch } from '../../protocol/batch';
import { until } from '../../test-support/batch-view';
import type { AppHost } from './host';
import { createAppHost } from './host';
import { invokeOk as ok } from '../../test-support/host-invoke';

/** Rounds of each race below; the Disconnect comes 0 to ROUNDS - 1 ms after the change. */
const ROUNDS = 10;
/**
 * How long the batches have to show every source closed once both commands answered, ms: long,
 * as a worker starved by a loaded machine builds its batches late, and a source connected after
 * the Disconnect never closes, however long the wait.
 */
const SETTLE_MS = 5_000;

let dir: string;
let host: AppHost | null = null;
let other: RunningSimulator;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-sources-'));
  other = await startSimulator({ port: 0, seed: 9, rate: 200, heartbeatMs: 100 });
});
afterEach(async () => {
  await host?.close();
  host = null;
  await other.close();
  await rm(dir, { recursive: true, force: true });
});

/** A host whose settings file (the user's own choice) names the embedded simulator and `other`. */
async function start(): Promise<AppHost> {
  const feeds = [
    { feed: null, endpoint: null },
    { feed: other.url, endpoint: null },
  ];
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ feeds }));
  host = await createAppHost({
    settingsPath: join(dir, 'settings.json'),
    simulator: { seed: 5, rate: 200, heartbeatMs: 100 },
    recordingsDir: join(dir, 'recordings'),
    confirmEndpoint: async () => true,
  });
  return host;
}

/**
 * Runs `change` ROUNDS times with a Disconnect `delayMs` after it, and returns the rounds after
 * which a source was not closed once both had answered (the delay, then the sources' states):
 * the engine's batches must come to all closed and stay so.
 */
async function racedRounds(
  h: AppHost,
  before: () => Promise<unknown>,
  change: () => Promise<unknown>,
): Promise<string[]> {
  let last: Batch | null = null;
  const consumer = h.attach((batch) => {
    last = batch;
    consumer.ack(batch.seq);
  });
  const states = () =>
    last === null
      ? []
      : (last.health.sources?.map((s) => s.connection.state) ?? [last.health.connection.state]);
  const allClosed = () => states().length > 0 && states().every((s) => s === 'closed');
  const closedForGood = async () => {
    try {
      await until(allClosed, SETTLE_MS);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return allClosed();
    } catch {
      return false;
    }
  };
  const open: string[] = [];
  for (let delayMs = 0; delayMs < ROUNDS; delayMs++) {
    await before();
    const changing = change();
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await Promise.all([changing, ok(h, 'feed:disconnect')]);
    if (!(await closedForGood())) open.push(`${delayMs} ms: ${states().join(', ')}`);
  }
  consumer.detach();
  return open;
}

describe('a Disconnect while the sources change leaves every source closed', () => {
  it('during a Reconnect of the saved sources', async () => {
    const h = await start();
    const open = await racedRounds(
      h,
      () => ok(h, 'feed:disconnect'),
      () => ok(h, 'feed:reconnect'),
    );
    expect(open).toEqual([]);
  }, 120_000);

  it('during a switch to a workspace of other sources', async () => {
    const h = await start();
    await ok(h, 'workspace:save', 'Two', false);
    await ok(h, 'settings:update', { feeds: [] });
    await ok(h, 'workspace:save', 'One', false);
    const open = await racedRounds(
      h,
      () => ok(h, 'workspace:switch', 'One'),
      () => ok(h, 'workspace:switch', 'Two'),
    );
    expect(open).toEqual([]);
  }, 120_000);
});
