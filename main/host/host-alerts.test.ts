import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  AlertEvent,
  AlertRule,
  AlertRuleState,
  AlertStatesChange,
} from '../../protocol/alerts';
import type { AlertsView } from '../../protocol/commands';
import { until } from '../../test-support/batch-view';
import type { AppHost } from './host';
import { alertLogPathOf, createAppHost } from './host';
import type { AlertLog } from '../alerts/alert-log';
import type { FeedEngine } from '../feed/engine-api';
import { HostAlerts } from './host-alerts';
import type { SettingsStore } from './settings-store';
import { ruleLine } from '../../test-support/alert-rules';

const rule = (line: string, id: string) => ruleLine(line, id, Date.now());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(dir: string, alertRules: readonly AlertRule[] = []): Promise<AppHost> {
  const host = await createAppHost({
    settingsPath: join(dir, 'settings.json'),
    simulator: { seed: 5, rate: 500, heartbeatMs: 100 },
    alertRules,
  });
  cleanups.push(() => host.close());
  return host;
}

async function view(host: AppHost): Promise<AlertsView> {
  const r = await host.invoke('alerts:get', []);
  if (!r.ok) throw new Error(r.error);
  return r.value as AlertsView;
}

describe('alerts in the app host', () => {
  it('lists each rule once when the settings hold a rule with an id of an --alert rule', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-alerts-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ alerts: [rule('BOLT above 1', 'cli-1'), rule('BOLT below 1', 'b')] }),
    );
    const notices: string[] = [];
    const host = await start(dir, [rule('ACME above 1000', 'cli-1')]);
    host.onEvent((channel, payload) => {
      if (channel === 'app:notice') notices.push((payload as { message: string }).message);
    });
    expect(notices.join()).toMatch(/alert "cli-1": "cli-" ids belong to --alert/);
    const v = await view(host);
    expect(v.rules.map((r) => `${r.id} ${r.instrument}`)).toEqual(['b BOLT', 'cli-1 ACME']);
  });

  it('loads saved rules beside a bad one, adds --alert rules, logs and delivers what fires', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-alerts-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const saved = rule('NOPE above 1', 'saved');
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ alerts: [saved, { ...saved, id: 'bad', note: 'x'.repeat(100_000) }] }),
    );
    const host = await start(dir, [rule('feed gap', 'cli-1')]);
    const notices: string[] = [];
    const fired: AlertEvent[] = [];
    host.onEvent((channel, payload) => {
      if (channel === 'app:notice') notices.push((payload as { message: string }).message);
      if (channel === 'alert:fired') fired.push(payload as AlertEvent);
    });
    expect(notices.join()).toMatch(/alert "bad": note/);
    let v = await view(host);
    expect(v.rules.map((r) => r.id)).toEqual(['saved', 'cli-1']);
    expect(v.states).toEqual({ saved: 'pending', 'cli-1': 'armed' });

    // A rule on every quote of some instrument: the first tick fires it.
    const any = rule('X above 0 on mid', 'any');
    const save = await host.invoke('alerts:save', [{ ...any, instrument: '*' }]);
    expect(save).toMatchObject({ ok: false, error: expect.stringMatching(/instrument/) });
    expect(await host.invoke('alerts:save', [{ ...any, id: 'cli-9' }])).toMatchObject({
      ok: false,
    });
    const ids = ['ACME', 'BOLT', 'CRUX', 'NOVA', 'ORBT', 'TIDE'];
    for (const [i, id] of ids.entries())
      await host.invoke('alerts:save', [{ ...any, id: `any${i}`, instrument: id }]);
    await until(() => fired.length > 0, 10_000);
    v = await view(host);
    expect(v.log).toContainEqual(fired[0]);
    const file = await readFile(alertLogPathOf(join(dir, 'settings.json')), 'utf8');
    expect(file).toContain(`"id":"${fired[0]?.rule.id}"`);
    const csv = await host.invoke('alerts:export-csv', []);
    expect(csv.ok && (csv.value as string)).toContain(`"${fired[0]?.rule.id}"`);

    expect(await host.invoke('alerts:delete', ['saved'])).toMatchObject({ ok: true });
    expect((await view(host)).rules.map((r) => r.id)).not.toContain('saved');
    // Once every once-rule has fired, nothing more can arrive after the clear.
    const firedAny = () =>
      new Set(fired.map((e) => e.rule.id).filter((id) => id.startsWith('any')));
    await until(() => firedAny().size === ids.length, 10_000);
    expect(Object.values((await view(host)).states).filter((s) => s === 'armed')).toHaveLength(1);
    expect(await host.invoke('alerts:clear-log', [])).toMatchObject({ ok: true });
    expect((await view(host)).log).toEqual([]);
  }, 40_000);

  it('tells the pages a fired rule state, an edit and a cleared log in small numbered messages', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-alerts-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const host = await start(dir);
    const heard: [string, unknown][] = [];
    host.onEvent((channel, payload) => {
      if (channel.startsWith('alert:')) heard.push([channel, payload]);
    });
    const start0 = (await view(host)).version;
    const once = rule('ACME above 0', 'once1');
    // The edit's news is the message every page hears, not a view in the answer.
    expect(await host.invoke('alerts:save', [once])).toEqual({ ok: true, value: null });
    expect(heard[0]).toEqual([
      'alert:states',
      {
        version: start0 + 1,
        states: { once1: expect.stringMatching(/^(armed|pending|fired)$/) as unknown },
        put: [{ index: 0, rule: once }],
        removed: [],
        logCleared: false,
      },
    ]);
    await until(() => heard.some(([channel]) => channel === 'alert:fired'), 10_000);
    // The alert, then its rule's new state, once, then the rule as saved with its fired time:
    // nothing else (a view is megabytes).
    const at = () => heard.findIndex(([channel]) => channel === 'alert:fired');
    await until(() => at() >= 0 && heard.length >= at() + 3, 5_000);
    const [alert, state, saved] = heard.slice(at());
    expect(state?.[1]).toMatchObject({ states: { once1: 'fired' }, put: [] });
    const firedAt = (alert?.[1] as AlertEvent).firedAt;
    expect(saved?.[1]).toMatchObject({
      states: {},
      put: [{ index: 0, rule: { ...once, firedAt } }],
    });
    expect(heard).toHaveLength(at() + 3);
    const v = await view(host);
    expect(v.states).toEqual({ once1: 'fired' });
    expect(v.version).toBe((heard.at(-1)?.[1] as AlertStatesChange).version);
    expect(await host.invoke('alerts:delete', ['once1'])).toEqual({ ok: true, value: null });
    expect(heard.at(-1)?.[1]).toEqual({
      version: v.version + 1,
      states: {},
      put: [],
      removed: ['once1'],
      logCleared: false,
    });
    expect(await host.invoke('alerts:clear-log', [])).toEqual({ ok: true, value: null });
    expect(heard.at(-1)?.[1]).toMatchObject({ version: v.version + 2, logCleared: true });
    // Every message numbered one more than the last.
    const versions = heard
      .filter(([channel]) => channel === 'alert:states')
      .map(([, p]) => (p as AlertStatesChange).version);
    expect(versions).toEqual(versions.map((_, i) => start0 + 1 + i));
  });

  it('sends an edit among 9,999 rules as that rule alone, and a view that says which changes it holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-alerts-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const many = Array.from({ length: 9_999 }, (_, i) => rule(`NOPE${i % 1_000} above 1`, `r${i}`));
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ alerts: many }));
    const host = await start(dir);
    const changes: AlertStatesChange[] = [];
    host.onEvent((channel, payload) => {
      if (channel === 'alert:states') changes.push(payload as AlertStatesChange);
    });
    const before = await view(host);
    const edited = { ...many[5_000]!, note: 'edited' };
    expect(await host.invoke('alerts:save', [edited])).toMatchObject({ ok: true });
    expect(await host.invoke('alerts:save', [rule('NOPE1 below 1', 'added')])).toMatchObject({
      ok: true,
    });
    expect(changes).toEqual([
      {
        version: before.version + 1,
        states: {},
        put: [{ index: 5_000, rule: edited }],
        removed: [],
        logCleared: false,
      },
      {
        version: before.version + 2,
        states: { added: 'pending' },
        put: [{ index: 9_999, rule: rule('NOPE1 below 1', 'added') }],
        removed: [],
        logCleared: false,
      },
    ]);
    expect(JSON.stringify(changes).length).toBeLessThan(1_000);
    const after = await view(host);
    expect(after.version).toBe(before.version + 2);
    expect(after.rules[5_000]).toEqual(edited);
  });

  it('keeps every rule of edits sent at once, from one page or two: none overwrites another', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickdeck-host-alerts-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    let host = await start(dir);
    const gone = rule('ACME above 1', 'gone');
    expect(await host.invoke('alerts:save', [gone])).toEqual({ ok: true, value: null });
    const results = await Promise.all([
      host.invoke('alerts:save', [rule('ACME above 2', 'a')]),
      host.invoke('alerts:save', [rule('ACME above 3', 'b')]),
      host.invoke('alerts:delete', ['gone']),
      host.invoke('alerts:save', [rule('ACME above 4', 'c')]),
      host.invoke('alerts:save', [{ ...rule('ACME above 5', 'a'), note: 'edited' }]),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = ['a', 'b', 'c'];
    expect((await view(host)).rules.map((r) => r.id)).toEqual(ids);
    expect((await view(host)).rules[0]!.note).toBe('edited');
    // And on disk, for the next run.
    await host.close();
    cleanups.splice(cleanups.length - 1, 1);
    host = await start(dir);
    expect((await view(host)).rules.map((r) => r.id)).toEqual(ids);
  });
});

/** An engine that counts its reads of every state and lets a test report states and alerts. */
function fakeEngine(states: Record<string, AlertRuleState>) {
  const fake = {
    reads: 0,
    report: null as ((states: Record<string, AlertRuleState>) => void) | null,
    alert: null as ((event: AlertEvent) => void) | null,
    rules: [] as readonly AlertRule[],
  };
  const engine = {
    setAlertRules: (rules: readonly AlertRule[]) => (fake.rules = rules),
    onAlert: (listener: (event: AlertEvent) => void) => {
      fake.alert = listener;
      return () => {};
    },
    alertStates: () => {
      fake.reads++;
      return { ...states };
    },
    onAlertStates: (listener: (states: Record<string, AlertRuleState>) => void) => {
      fake.report = listener;
      return () => (fake.report = null);
    },
  } as unknown as FeedEngine;
  return { fake, engine };
}

function hostAlerts(
  engine: FeedEngine,
  saved: AlertRule[],
  changes: AlertStatesChange[],
  log = { entries: () => [], append: async () => {} } as unknown as AlertLog,
  notices: string[] = [],
) {
  let alerts = saved;
  const settings = {
    current: () => ({ alerts }),
    updateWith: async (change: (s: { alerts: AlertRule[] }) => { alerts: AlertRule[] }) => {
      alerts = change({ alerts }).alerts;
    },
  } as unknown as SettingsStore;
  const host = new HostAlerts(
    engine,
    settings,
    log,
    [],
    () => {},
    (c) => changes.push(c),
    (n) => notices.push(n.message),
  );
  cleanups.push(async () => host.close());
  return host;
}

describe('an alert log that cannot be written (bug 139)', () => {
  it('says so once for a burst, and again only after an alert was saved since', async () => {
    const { fake, engine } = fakeEngine({});
    const control = { failing: true };
    const log = {
      entries: () => [],
      append: () => (control.failing ? Promise.reject(new Error('EISDIR')) : Promise.resolve()),
    } as unknown as AlertLog;
    const notices: string[] = [];
    hostAlerts(engine, [], [], log, notices);
    const event = (id: number) =>
      ({
        id,
        rule: rule('ACME above 1', 'cli-1'),
        text: '',
        tick: null,
        firedAt: id,
        replayPosition: null,
      }) as AlertEvent;
    for (let i = 1; i <= 50; i++) fake.alert!(event(i));
    await new Promise((r) => setTimeout(r, 10));
    expect(notices).toEqual([
      'Alerts could not be saved to the alert log (EISDIR): they are shown as they fire, but the log will not list them after a restart. Said once until one is saved.',
    ]);
    control.failing = false;
    fake.alert!(event(51));
    await new Promise((r) => setTimeout(r, 10));
    control.failing = true;
    fake.alert!(event(52));
    await new Promise((r) => setTimeout(r, 10));
    expect(notices).toHaveLength(2);
  });
});

describe("the host and the engine's rule states", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads every state only at the start and on an edit, and passes on what the engine reports', async () => {
    vi.useFakeTimers();
    const { fake, engine } = fakeEngine({ a: 'pending' });
    const changes: AlertStatesChange[] = [];
    const host = hostAlerts(engine, [rule('ACME above 1', 'a')], changes);
    // A minute of nothing changing: no read, nothing told, a view without asking.
    vi.advanceTimersByTime(60_000);
    expect(host.view().states).toEqual({ a: 'pending' });
    expect(fake.reads).toBe(1);
    expect(changes).toEqual([]);

    fake.report!({ a: 'armed' });
    expect(changes).toEqual([
      { version: 1, states: { a: 'armed' }, put: [], removed: [], logCleared: false },
    ]);
    expect(host.view()).toMatchObject({ version: 1, states: { a: 'armed' } });
    await host.save(rule('BOLT above 1', 'b'));
    expect(fake.reads).toBe(2);
    host.close();
    expect(fake.report).toBeNull();
  });

  it('leaves a rule as an edit re-armed it when an alert it fired before the edit arrives after', async () => {
    const { fake, engine } = fakeEngine({ a: 'armed' });
    const changes: AlertStatesChange[] = [];
    const before = rule('ACME above 1', 'a');
    const host = hostAlerts(engine, [before], changes);
    await host.save(rule('ACME above 2', 'a'));
    const event = { id: 1, rule: before, text: '', tick: null, firedAt: 0, replayPosition: null };
    fake.alert!(event);
    await new Promise((r) => setTimeout(r, 10));
    expect(host.view().states).toEqual({ a: 'armed' });
    // The current rule's alert is told at once.
    fake.alert!({ ...event, rule: fake.rules[0]! });
    await until(() => host.view().states.a === 'fired', 1_000);
  });
});
