import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule } from '../../protocol/alerts';
import type { AlertsView } from '../../protocol/commands';
import { DEFAULT_SETTINGS, type Notice } from '../../protocol/ipc';
import { workspaceSettingsOf } from '../../protocol/workspace';
import { until } from '../../test-support/batch-view';
import { ruleLine } from '../../test-support/alert-rules';
import type { AppHost } from './host';
import { createAppHost } from './host';
import { openWorkspaceStore } from './workspace-store';
import { workspacesPathOf } from './settings-companions';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A host on `settings` with its own simulator, and the alerts it delivers. */
async function start(settings: string, workspace?: string) {
  const host: AppHost = await createAppHost({
    settingsPath: settings,
    ...(workspace !== undefined && { workspace }),
    simulator: { seed: 5, rate: 500, heartbeatMs: 100 },
  });
  let open = true;
  const close = async () => {
    if (open) await host.close();
    open = false;
  };
  cleanups.push(close);
  const fired: AlertEvent[] = [];
  const notices: Notice[] = [];
  host.onEvent((channel, payload) => {
    if (channel === 'alert:fired') fired.push(payload as AlertEvent);
    if (channel === 'app:notice') notices.push(payload as Notice);
  });
  const view = async (): Promise<AlertsView> => {
    const r = await host.invoke('alerts:get', []);
    if (!r.ok) throw new Error(r.error);
    return r.value as AlertsView;
  };
  const ids = () => fired.map((e) => e.rule.id);
  return { host, fired, notices, ids, view, close };
}

/** A folder with `settings.json` holding `rules`, removed after the test. */
async function settingsWith(rules: readonly AlertRule[]) {
  const dir = await mkdtemp(join(tmpdir(), 'tickdeck-once-restart-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const settings = join(dir, 'settings.json');
  await writeFile(settings, JSON.stringify({ alerts: rules }));
  const saved = (id: string) =>
    (JSON.parse(readFileSync(settings, 'utf8')) as { alerts: AlertRule[] }).alerts.find(
      (r) => r.id === id,
    );
  return { dir, settings, saved };
}

/** Starts a host on `settings` and proves that `once` does not fire while ACME trades. */
async function staysFired(settings: string, workspace?: string) {
  const run = await start(settings, workspace);
  expect((await run.view()).states.once).toBe('fired');
  await until(() => run.ids().includes('beat'), 10_000);
  // Any ACME trade after the beat's would have fired it.
  await new Promise((r) => setTimeout(r, 300));
  expect(run.ids()).not.toContain('once');
  await run.close();
}

describe('a fired once rule across a restart', () => {
  it('stays fired after the host starts again on the same settings, until it is re-armed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickdeck-once-restart-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const settings = join(dir, 'settings.json');
    const once: AlertRule = ruleLine('ACME above 0', 'once');
    // Fires on the first ACME trade of each run: proof that the run evaluated ACME's ticks.
    const beat: AlertRule = ruleLine('ACME above 0 every 1h', 'beat');
    const savedOnce = () =>
      (JSON.parse(readFileSync(settings, 'utf8')) as { alerts: AlertRule[] }).alerts[0];
    await writeFile(settings, JSON.stringify({ alerts: [once, beat] }));

    const first = await start(settings);
    await until(() => first.ids().includes('once'), 10_000);
    const firedAt = first.fired.find((e) => e.rule.id === 'once')!.firedAt;
    await until(() => savedOnce()?.firedAt !== undefined, 5_000);
    expect((await first.view()).rules[0]).toEqual({ ...once, firedAt });
    await first.close();
    expect(savedOnce()).toEqual({ ...once, firedAt });

    const second = await start(settings);
    expect((await second.view()).states.once).toBe('fired');
    await until(() => second.ids().includes('beat'), 10_000);
    // Any ACME trade after the beat's would have fired it.
    await new Promise((r) => setTimeout(r, 300));
    expect(second.ids()).not.toContain('once');

    // Re-armed by disabling and enabling it again (the panel's switch): it fires anew.
    const saved = (await second.view()).rules[0]!;
    expect(await second.host.invoke('alerts:save', [{ ...saved, enabled: false }])).toMatchObject({
      ok: true,
    });
    expect((await second.view()).rules[0]).toMatchObject({ enabled: false, firedAt });
    expect(await second.host.invoke('alerts:save', [{ ...saved, enabled: true }])).toMatchObject({
      ok: true,
    });
    await until(() => second.ids().includes('once'), 10_000);
    const again = second.fired.find((e) => e.rule.id === 'once')!;
    expect(again.rule).toEqual(once);
    await until(() => savedOnce()?.firedAt === again.firedAt, 5_000);
  }, 40_000);
});

describe('a fired once rule the settings file would not take at first (bug 137)', () => {
  it('is saved once the file is writable again, after one notice saying what is at risk', async () => {
    const once: AlertRule = ruleLine('ACME above 0', 'once');
    const beat: AlertRule = ruleLine('ACME above 0 every 1h', 'beat');
    const { settings, saved } = await settingsWith([once, beat]);
    await chmod(settings, 0o444);
    const first = await start(settings);
    await until(() => first.notices.some((n) => n.level === 'error'), 10_000);
    expect(first.notices).toEqual([
      {
        level: 'error',
        message: expect.stringMatching(
          /^Alert rule "ACME above 0" fired but could not be saved as fired \(.*settings\.json is read-only.*\): until saved, a restart arms it and it fires again, as does any once rule that fires before then\. Trying again/,
        ),
      },
    ]);
    expect(saved('once')?.firedAt).toBeUndefined();
    await chmod(settings, 0o644);
    await until(() => saved('once')?.firedAt !== undefined, 5_000);
    expect(saved('once')?.firedAt).toBe(first.fired.find((e) => e.rule.id === 'once')!.firedAt);
    expect(first.notices.map((n) => n.level)).toEqual(['error', 'info']);
    await first.close();
    await staysFired(settings);
  }, 40_000);
});

describe('a fired once rule and a workspace saved before it fired (bug 136)', () => {
  it("stays fired after switching to the workspace's armed copy and restarting", async () => {
    const once: AlertRule = ruleLine('ACME above 0', 'once');
    const beat: AlertRule = ruleLine('ACME above 0 every 1h', 'beat');
    const { dir, settings, saved } = await settingsWith([once, beat]);
    const workspaces = await openWorkspaceStore(workspacesPathOf(join(dir, 'settings.json')));
    await workspaces.save(
      'before',
      workspaceSettingsOf({ ...DEFAULT_SETTINGS, alerts: [once, beat] }),
      false,
    );

    const first = await start(settings);
    await until(() => saved('once')?.firedAt !== undefined, 10_000);
    const firedAt = saved('once')!.firedAt;
    expect(await first.host.invoke('workspace:switch', ['before'])).toMatchObject({ ok: true });
    // The run holds it fired, and so do the settings a restart reads.
    expect((await first.view()).states.once).toBe('fired');
    expect(saved('once')).toEqual({ ...once, firedAt });
    await first.close();
    await staysFired(settings);
    // Started in it from the command line (`--workspace before`): the same.
    await staysFired(settings, 'before');
    expect(saved('once')).toEqual({ ...once, firedAt });
  }, 40_000);
});
