/**
 * Bug 112 end to end: two Tickdeck servers on one host, a workspace saved with charts and alert
 * rules on each (as the app wrote it before the port was in the name), started again with one of
 * them gone. Real sockets, simulators on port 0 of different seeds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../feed-simulator';
import type { AlertsView } from '../../protocol/commands';
import type { Settings } from '../../protocol/ipc';
import { SAMPLE_RULE } from '../../test-support/alert-rules';
import { waitForBatch } from '../../test-support/batch-view';
import { sourceNameOf } from '../../test-support/source-name';
import { createAppHost, type AppHost } from './host';
import { workspacesPathOf } from './settings-companions';
import { invokeOk as ok } from '../../test-support/host-invoke';

let dir: string;
let host: AppHost | null = null;
const sims: RunningSimulator[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-names-'));
});
afterEach(async () => {
  await host?.close();
  host = null;
  for (const sim of sims.splice(0)) await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function simulator(seed: number): Promise<RunningSimulator> {
  const sim = await startSimulator({ port: 0, seed, rate: 200, instruments: 3, matches: 0 });
  sims.push(sim);
  return sim;
}

/** A condition no simulated price meets: the rule stays armed while its instrument is live. */
const NEVER = { type: 'above', level: 1e9, price: 'last' } as const;

describe('two servers on one host, after a restart without one of them', () => {
  it("shows neither chart nor alert of the missing server with the other's data", async () => {
    const [a, b] = [await simulator(1), await simulator(2)];
    const [nameA, nameB] = [sourceNameOf(a.url), sourceNameOf(b.url)];
    // Saved before bug 112: A was `127-0-0-1`, B `127-0-0-1-2`, in the order added.
    const saved = {
      feeds: [null, a.url, b.url].map((feed) => ({ feed, endpoint: null })),
      focused: ['127-0-0-1:ACME', '127-0-0-1-2:ACME'],
      alerts: [
        { ...SAMPLE_RULE, id: 'on-a', instrument: '127-0-0-1:ACME', condition: NEVER },
        { ...SAMPLE_RULE, id: 'on-b', instrument: '127-0-0-1-2:ACME', condition: NEVER },
      ],
    };
    await writeFile(
      workspacesPathOf(join(dir, 'settings.json')),
      JSON.stringify({
        version: 1,
        current: 'Desk',
        workspaces: [{ name: 'Desk', settings: saved }],
      }),
    );
    // Started in it with A no longer among the sources (the simulator and B on the command line).
    host = await createAppHost({
      settingsPath: join(dir, 'settings.json'),
      simulator: { seed: 5, rate: 200, heartbeatMs: 100 },
      recordingsDir: join(dir, 'recordings'),
      workspace: 'Desk',
      overrides: { feeds: [null, b.url].map((feed) => ({ feed, endpoint: null })) },
    });
    const h = host;
    const settings = await ok<Settings>(h, 'settings:get');
    expect(settings.focused).toEqual([`${nameA}:ACME`, `${nameB}:ACME`]);
    const batch = await waitForBatch(
      h,
      (bt) => bt.market.some((r) => r.id === `${nameB}:ACME`),
      15_000,
    );
    const live = new Set(batch.market.map((r) => r.id));
    // B's ACME is B's, under B's name; A's chart names no live instrument: it waits for A.
    expect(live.has(`${nameA}:ACME`)).toBe(false);
    expect(batch.health.sources!.map((s) => s.name)).toEqual(['sim', nameB]);
    const stateOf = async (id: string) => (await ok<AlertsView>(h, 'alerts:get')).states[id];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      if ((await stateOf('on-b')) === 'armed') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await stateOf('on-b')).toBe('armed');
    expect(await stateOf('on-a')).toBe('pending');
  });
});
