import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule } from '../../protocol/alerts';
import type { AlertsView } from '../../protocol/commands';
import { until } from '../../test-support/batch-view';
import { ruleLine } from '../../test-support/alert-rules';
import type { AppHost } from './host';
import { createAppHost } from './host';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A host on `settings` with its own simulator, and the alerts it delivers. */
async function start(settings: string) {
  const host: AppHost = await createAppHost({
    settingsPath: settings,
    simulator: { seed: 5, rate: 500, heartbeatMs: 100 },
  });
  let open = true;
  const close = async () => {
    if (open) await host.close();
    open = false;
  };
  cleanups.push(close);
  const fired: AlertEvent[] = [];
  host.onEvent((channel, payload) => {
    if (channel === 'alert:fired') fired.push(payload as AlertEvent);
  });
  const view = async (): Promise<AlertsView> => {
    const r = await host.invoke('alerts:get', []);
    if (!r.ok) throw new Error(r.error);
    return r.value as AlertsView;
  };
  const ids = () => fired.map((e) => e.rule.id);
  return { host, fired, ids, view, close };
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
