import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRule } from '../../protocol/alerts';
import type { AlertsView } from '../../protocol/commands';
import { until } from '../../test-support/batch-view';
import { ruleLine } from '../../test-support/alert-rules';
import type { AppHost } from './host';
import { alertLogPathOf, createAppHost } from './host';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A host on `settings` holding `rules`, with its own simulator. */
async function start(settings: string, rules?: readonly AlertRule[]) {
  if (rules) await writeFile(settings, JSON.stringify({ alerts: rules }));
  const host = await createAppHost({
    settingsPath: settings,
    simulator: { seed: 5, rate: 500, heartbeatMs: 100 },
  });
  let open = true;
  cleanups.push(async () => {
    if (open) await host.close();
    open = false;
  });
  let fired = 0;
  host.onEvent((channel) => {
    if (channel === 'alert:fired') fired++;
  });
  return Object.assign(host, { fired: () => fired });
}

async function loggedIds(host: AppHost): Promise<string[]> {
  const r = await host.invoke('alerts:get', []);
  if (!r.ok) throw new Error(r.error);
  return [...new Set((r.value as AlertsView).log.map((e) => e.rule.id))].sort();
}

describe('two settings files in one folder (bug 135)', () => {
  it('each keep their own alert log: neither shows nor clears the other', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickdeck-two-logs-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const a = await start(join(dir, 'a.json'), [ruleLine('ACME above 0', 'a')]);
    const b = await start(join(dir, 'b.json'), [ruleLine('ACME above 0', 'b')]);
    await until(() => a.fired() > 0 && b.fired() > 0, 10_000);
    expect(await loggedIds(a)).toEqual(['a']);
    expect(await loggedIds(b)).toEqual(['b']);

    expect(await a.invoke('alerts:clear-log', [])).toMatchObject({ ok: true });
    const bLog = await readFile(alertLogPathOf(join(dir, 'b.json')), 'utf8');
    expect(bLog).toContain('"id":"b"');
    expect(await readFile(alertLogPathOf(join(dir, 'a.json')), 'utf8')).toBe('');

    // Read back at the next start: b's log is b's alone.
    await cleanups.pop()!();
    const again = await start(join(dir, 'b.json'));
    expect(await loggedIds(again)).toEqual(['b']);
  }, 30_000);

  it("the default settings file keeps reading the folder's log of before", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickdeck-two-logs-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const first = await start(join(dir, 'settings.json'), [ruleLine('ACME above 0', 'old')]);
    await until(() => first.fired() > 0, 10_000);
    await cleanups.pop()!();
    const again = await start(join(dir, 'settings.json'), []);
    expect(await loggedIds(again)).toEqual(['old']);
  }, 30_000);
});
