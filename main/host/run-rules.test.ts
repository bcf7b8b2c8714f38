/**
 * Bug 148: `--alert` targets are judged against the run's final source names, the saved ones
 * and the flags' named after them, on the path both entry points take (`parseAppArgs`,
 * `settingsOverrides`, `createAppHost`), over a real host and settings file.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertsView } from '../../protocol/commands';
import { parseAppArgs, settingsOverrides } from './app-args';
import { StartError, createAppHost, type AppHost } from './host';

const FEED = 'kraken:BTC/USD';
// Nothing listens on these: the sources retry in the background, which is all these tests need.
const SAVED = [
  { feed: null, endpoint: null, name: 'sim' },
  { feed: FEED, endpoint: 'ws://127.0.0.1:9/a', name: 'kraken' },
  { feed: FEED, endpoint: 'ws://127.0.0.1:9/b', name: 'kraken-2' },
];

let dir: string;
let host: AppHost | null = null;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-run-rules-'));
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 3, feeds: SAVED }));
});
afterEach(async () => {
  await host?.close();
  host = null;
  await rm(dir, { recursive: true, force: true });
});

/** Starts a host as `npm run web` / `npm start` would with these flags. */
async function startWith(argv: readonly string[]): Promise<AppHost> {
  const parsed = parseAppArgs(argv);
  if (!parsed.ok) throw new Error(parsed.error);
  host = await createAppHost({
    settingsPath: join(dir, 'settings.json'),
    simulator: { seed: 5, rate: 50, heartbeatMs: 100, instruments: 2, matches: 0 },
    recordingsDir: join(dir, 'recordings'),
    overrides: settingsOverrides(parsed.value),
    alertRules: parsed.value.alerts,
    workspace: parsed.value.workspace,
  });
  return host;
}

const ruleTargets = async (h: AppHost) => {
  const reply = await h.invoke('alerts:get', []);
  return (reply.ok ? (reply.value as AlertsView).rules : []).map((r) => r.instrument);
};

describe('--alert targets, checked once the names are final', () => {
  it("takes a rule on a saved source's name, with no --feed", async () => {
    const h = await startWith(['--alert', 'kraken:BTC/USD above 5']);
    expect(await ruleTargets(h)).toEqual(['kraken:BTC/USD']);
  });

  it('refuses a rule on a name the flags would have had but do not have beside the saved ones', async () => {
    // The new Kraken is named after the saved two: kraken-3, not kraken.
    const flags = ['--feed', 'sim', '--feed', FEED, '--feed-endpoint', 'ws://127.0.0.1:9/c'];
    const refused = startWith([...flags, '--alert', 'kraken:BTC/USD above 5']);
    await expect(refused).rejects.toThrow(StartError);
    await expect(refused).rejects.toThrow(
      '--alert "kraken:BTC/USD above 5": no source is named "kraken" (this run\'s sources are sim, kraken-3)',
    );
    const h = await startWith([...flags, '--alert', 'kraken-3:BTC/USD above 5']);
    expect(await ruleTargets(h)).toEqual(['kraken-3:BTC/USD']);
  });

  it('says a one-source run has no prefixes', async () => {
    await expect(
      startWith(['--feed', 'sim', '--alert', 'kraken-2:BTC/USD above 5']),
    ).rejects.toThrow(
      'no source is named "kraken-2" (this run has one source, whose ids carry no prefix)',
    );
  });

  it('bug 181: a refused start leaves every saved file as it was, --workspace or a corrupt file', async () => {
    // A workspace of the simulator alone, saved while the settings held it.
    const h = await startWith([]);
    for (const [channel, args] of [
      ['settings:update', [{ feed: null }]],
      ['workspace:save', ['Solo', false]],
    ] as const)
      expect(await h.invoke(channel, args)).toMatchObject({ ok: true });
    await h.close();
    host = null;
    const files = async () => {
      const names = (await readdir(dir)).sort();
      return Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')]));
    };
    for (const settings of [JSON.stringify({ version: 3, feeds: SAVED }), '{ corrupt']) {
      await writeFile(join(dir, 'settings.json'), settings);
      const before = await files();
      await expect(
        startWith(['--workspace', 'Solo', '--alert', 'kraken:BTC/USD above 5']),
      ).rejects.toThrow('no source is named "kraken" (this run has one source');
      expect(await files()).toEqual(before);
    }
  });
});
