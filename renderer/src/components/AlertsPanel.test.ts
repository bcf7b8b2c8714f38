import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertEvent, AlertRule, AlertRuleState } from '../../../protocol/alerts';
import { stateAfterFire } from '../../../protocol/alerts';
import { parseAlertLine } from '../../../protocol/alert-line';
import { alertListChange } from '../../../protocol/alert-list-change';
import type { AlertsView } from '../../../protocol/commands';
import type { HostEvents } from '../../../protocol/ipc';
import { DEFAULT_SETTINGS, type Settings } from '../../../protocol/settings';
import App from '../App.svelte';
import { MAX_SHOWN_ALERTS, RULE_ROWS } from '../state/alerts.svelte';
import { INSTRUMENTS, batch, marketRow } from '../../../test-support/batches';
import { fakeApi } from '../../../test-support/renderer-api';

// Chart.js plugins need a real canvas; these tests chart nothing.
vi.mock('../charts/register', () => ({ registerCharts: () => {} }));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function rule(line: string, id: string): AlertRule {
  const r = parseAlertLine(line, { id, now: 0 });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

let nextEventId = 1;
function fired(r: AlertRule, value: number, replayPosition: number | null = null): AlertEvent {
  const id = nextEventId++;
  return {
    id,
    rule: r,
    text: line(r),
    tick: { instrument: r.instrument, seq: id, ts: 1_000 + id, value },
    firedAt: 5_000 + id,
    replayPosition,
  };
}
const line = (r: AlertRule) =>
  `${r.instrument} ${r.condition.type}${'level' in r.condition ? ` ${r.condition.level}` : ''}`;

/** A host that keeps the saved rules like the real one and lets the test fire alerts. */
function fakeHost(initial: readonly AlertRule[] = [], settings: Partial<Settings> = {}) {
  let rules = [...initial];
  const states: Record<string, AlertRuleState> = {};
  const log: AlertEvent[] = [];
  let version = 0;
  const view = (): AlertsView => ({ rules, states: { ...states }, log: [...log], version });
  /** Tells the page what changed, as the host does after an edit, an alert or a clear. */
  const tell = (parts: Partial<HostEvents['alert:states']>) =>
    emit('alert:states', {
      version: ++version,
      states: {},
      put: [],
      removed: [],
      logCleared: false,
      ...parts,
    } satisfies HostEvents['alert:states']);
  const edit = (next: AlertRule[], changed: Record<string, AlertRuleState> = {}) => {
    const list = alertListChange(rules, next);
    rules = next;
    tell({ ...list, states: changed });
  };
  const { api, calls, push, emit } = fakeApi('web', {
    settings: { ...DEFAULT_SETTINGS, ...settings },
    answer: (channel, args) => {
      if (channel === 'alerts:get') return view();
      if (channel === 'alerts:save') {
        const r = args[0] as AlertRule;
        states[r.id] = r.enabled ? 'armed' : 'disabled';
        edit([...rules.filter((x) => x.id !== r.id), r], { [r.id]: states[r.id]! });
        return null;
      }
      if (channel === 'alerts:delete') {
        edit(rules.filter((x) => x.id !== args[0]));
        return null;
      }
      if (channel === 'alerts:clear-log') {
        log.length = 0;
        tell({ logCleared: true });
        return null;
      }
      if (channel === 'alerts:export-csv') return 'firedAt,rule\n1,ACME below 90\n';
      return undefined;
    },
  });
  /** The host fires an alert: into its log, then to the page, then the rule's new state. */
  const fire = (event: AlertEvent) => {
    log.unshift(event);
    const state = stateAfterFire(event.rule);
    states[event.rule.id] = state;
    emit('alert:fired', event satisfies HostEvents['alert:fired']);
    tell({ states: { [event.rule.id]: state } });
  };
  /** Main asks the page to show an instrument (a desktop notification was clicked). */
  const show = (id: string) => emit('alert:show', id);
  /** The engine moved a rule to `state` (pending: its instrument is not in the feed). */
  const mark = (id: string, state: AlertRuleState) => {
    states[id] = state;
    tell({ states: { [id]: state } });
  };
  return {
    api,
    calls,
    fire,
    show,
    mark,
    push,
    commands: () => calls.map(([c]) => c),
  };
}

function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(blob);
  });
}

const panel = () => within(screen.getByTestId('alerts-panel'));

describe('AlertsPanel', () => {
  it('creates a rule from the form and shows it armed', async () => {
    const host = fakeHost();
    render(App, { props: { api: host.api } });
    await fireEvent.click(screen.getByTestId('alert-new'));
    await fireEvent.input(panel().getByLabelText('Instrument'), { target: { value: 'ACME' } });
    await fireEvent.change(panel().getByLabelText('Condition'), {
      target: { value: 'move-down-pct' },
    });
    await fireEvent.input(panel().getByLabelText('Value'), { target: { value: '5' } });
    await fireEvent.input(panel().getByLabelText('Window'), { target: { value: '10s' } });
    // Any cooldown the grammar takes, typed: a select offered four (bug 247).
    await fireEvent.input(panel().getByLabelText('Trigger'), { target: { value: 'every 45s' } });
    await fireEvent.click(panel().getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(host.commands()).toContain('alerts:save'));
    const saved = host.calls.find(([c]) => c === 'alerts:save')![1][0] as AlertRule;
    expect(saved).toMatchObject({
      instrument: 'ACME',
      condition: { type: 'move-down-pct', pct: 5, windowMs: 10_000, price: 'last' },
      trigger: { mode: 'every', cooldownMs: 45_000 },
      enabled: true,
    });
    expect(saved.id).toMatch(/^ui-/);
    const row = await screen.findByTestId(`alert-rule-${saved.id}`);
    expect(row.dataset.state).toBe('armed');
    expect(row.textContent).toContain('ACME move-down-pct 5 10s every 45s');
  });

  it('closes the form on Escape and after Add, and gives focus back to New alert', async () => {
    const host = fakeHost();
    render(App, { props: { api: host.api } });
    const newAlert = screen.getByTestId('alert-new');
    await fireEvent.click(newAlert);
    const instrument = panel().getByLabelText('Instrument');
    expect(document.activeElement).toBe(instrument);
    await fireEvent.input(instrument, { target: { value: 'ACME' } });
    await fireEvent.keyDown(instrument, { key: 'Escape' });
    expect(panel().queryByRole('form', { name: 'New alert' })).toBeNull();
    expect(document.activeElement).toBe(newAlert);
    // Opened again, it holds what was typed; added, it closes and focus is back on New alert.
    await fireEvent.click(newAlert);
    expect(panel().getByLabelText<HTMLInputElement>('Instrument').value).toBe('ACME');
    await fireEvent.change(panel().getByLabelText('Condition'), { target: { value: 'below' } });
    await fireEvent.input(panel().getByLabelText('Value'), { target: { value: '90' } });
    const add = panel().getByRole('button', { name: 'Add' });
    add.focus();
    await fireEvent.click(add);
    await waitFor(() => expect(panel().queryByRole('form', { name: 'New alert' })).toBeNull());
    expect(document.activeElement).toBe(newAlert);
  });

  it('names its region, heading and fold for what they are, not for every word in the title bar', async () => {
    const host = fakeHost();
    render(App, { props: { api: host.api } });
    expect(screen.getByRole('region', { name: 'Alerts' })).toBeTruthy();
    // The panels' headings name the panel, not the counts and buttons of its title bar.
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(expect.arrayContaining(['Watchlist', 'Charts', 'Alerts']));
    expect(screen.getByRole('heading', { name: 'Alerts' })).toBeTruthy();
    // Folded at first: Show, expanded no; then Hide.
    const show = screen.getByRole('button', { name: 'Show the alerts panel', expanded: false });
    await fireEvent.click(show);
    expect(screen.getByRole('button', { name: 'Hide the alerts panel', expanded: true })).toBe(
      show,
    );
  });

  it('names the wrong part of a bad rule and saves nothing', async () => {
    const host = fakeHost();
    render(App, { props: { api: host.api } });
    await fireEvent.click(screen.getByTestId('alert-new'));
    await fireEvent.input(panel().getByLabelText('Instrument'), { target: { value: 'ACME' } });
    await fireEvent.change(panel().getByLabelText('Condition'), { target: { value: 'below' } });
    await fireEvent.input(panel().getByLabelText('Value'), { target: { value: 'NaN' } });
    await fireEvent.click(panel().getByRole('button', { name: 'Add' }));
    expect((await panel().findByRole('alert')).textContent).toMatch(/^level: expected a number/);
    await fireEvent.input(panel().getByLabelText('Instrument'), { target: { value: '' } });
    await fireEvent.input(panel().getByLabelText('Value'), { target: { value: '90' } });
    await fireEvent.click(panel().getByRole('button', { name: 'Add' }));
    expect((await panel().findByRole('alert')).textContent).toMatch(/^instrument: needed/);
    expect(host.commands()).not.toContain('alerts:save');
  });

  it('logs fired alerts newest first, toasts them (replay marked) and shows the rule fired', async () => {
    const below = rule('ACME below 90', 'low');
    const cross = rule('ACME crosses-down 92.5 note sell half, then trail', 'cross');
    const host = fakeHost([below, cross]);
    render(App, { props: { api: host.api } });
    await screen.findByTestId('alert-rule-low');
    host.fire(fired(cross, 92.4));
    host.fire(fired(below, 89.9, 1_234));
    await waitFor(() => expect(screen.getAllByTestId('alert-fired')).toHaveLength(2));
    const entries = screen.getAllByTestId('alert-fired').map((e) => e.textContent);
    expect(entries[0]).toMatch(/ACME below 90 at 89.9 \(replay at \d\d:\d\d:\d\d\.\d\)/);
    expect(entries[1]).toContain('ACME crosses-down 92.5 at 92.4');
    // The rule's note is in its log entry, not only in the toast (bug 210).
    expect(entries[1]).toContain('sell half, then trail');
    // 24-hour time, as the tape shows it, and the date of an alert fired before today.
    expect(entries[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\b/);
    const toasts = screen.getAllByTestId('alert-toast');
    expect(toasts.map((t) => t.textContent!.trim())).toEqual([
      expect.stringMatching(/^ACME below 90 at 89.9 \(replay at \d\d:\d\d:\d\d\.\d\)/),
      expect.stringMatching(/^ACME crosses-down 92.5 at 92.4/),
    ]);
    expect(screen.getByTestId('alert-rule-low').dataset.state).toBe('fired');
    expect(screen.getByTestId('alert-rule-cross').dataset.state).toBe('fired');
    // Each toast's × is named for its alert (bug 209: every one read "Dismiss").
    await fireEvent.click(
      within(toasts[1]!).getByRole('button', { name: 'Dismiss ACME crosses-down 92.5' }),
    );
    await waitFor(() => expect(screen.getAllByTestId('alert-toast')).toHaveLength(1));
  });

  it('says more than the alerts it holds may have fired, once it holds its most (bug 215)', async () => {
    const flood = rule('ACME below 90 every 0s', 'flood');
    const host = fakeHost([flood]);
    render(App, { props: { api: host.api } });
    await screen.findByTestId('alert-rule-flood');
    const head = () => panel().getByText(/rules? ·/).textContent;
    for (let i = 0; i < MAX_SHOWN_ALERTS - 1; i++) host.fire(fired(flood, 89));
    await waitFor(() => expect(head()).toContain(`${MAX_SHOWN_ALERTS - 1} fired`));
    for (let i = 0; i < 5; i++) host.fire(fired(flood, 89));
    await waitFor(() => expect(head()).toContain(`${MAX_SHOWN_ALERTS}+ fired`));
    expect(panel().getByText(/^Fired, newest first/).textContent).toContain(
      `the newest ${MAX_SHOWN_ALERTS}; Export CSV for the whole log`,
    );
  });

  it('unticks Notifications when the browser refuses them, saying why (bug 216)', async () => {
    vi.stubGlobal(
      'Notification',
      class {
        static permission = 'default';
        static requestPermission = async () => 'denied';
      },
    );
    const host = fakeHost([rule('ACME below 90', 'low')]);
    render(App, { props: { api: host.api } });
    await screen.findByTestId('alert-rule-low');
    const toggle = (await panel().findByLabelText('Notifications')) as HTMLInputElement;
    await fireEvent.click(toggle);
    await panel().findByText(/did not allow notifications/);
    await waitFor(() => expect(toggle.checked).toBe(false));
  });

  it('keeps browser notifications on through a reload while the browser allows them (bug 246)', async () => {
    let permission: NotificationPermission = 'default';
    const request = vi.fn(async () => (permission = 'granted'));
    const shown: string[] = [];
    vi.stubGlobal(
      'Notification',
      class {
        static get permission() {
          return permission;
        }
        static requestPermission = request;
        constructor(_title: string, options: { body: string }) {
          shown.push(options.body);
        }
      },
    );
    const low = rule('ACME below 90', 'low');
    const first = fakeHost([low]);
    render(App, { props: { api: first.api } });
    await fireEvent.click(await panel().findByLabelText('Notifications'));
    const saved = () =>
      first.calls
        .filter(([c, [patch]]) => c === 'settings:update' && 'alertNotifications' in Object(patch))
        .map(([, a]) => a);
    await waitFor(() => expect(saved()).toEqual([[{ alertNotifications: true }]]));
    cleanup();

    // The page loaded again: the saved choice, and the browser's permission kept.
    const again = fakeHost([low], { alertNotifications: true });
    render(App, { props: { api: again.api } });
    const toggle = (await panel().findByLabelText('Notifications')) as HTMLInputElement;
    await waitFor(() => expect(toggle.checked).toBe(true));
    again.fire(fired(low, 89));
    await waitFor(() => expect(shown).toHaveLength(1));
    expect(request).toHaveBeenCalledTimes(1);
    cleanup();

    // The permission taken back in the browser's site settings: off, and not asked for.
    permission = 'default';
    render(App, { props: { api: fakeHost([low], { alertNotifications: true }).api } });
    const off = (await panel().findByLabelText('Notifications')) as HTMLInputElement;
    await screen.findByTestId('alert-rule-low');
    expect(off.checked).toBe(false);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('says in its title, folded, that the browser refused notifications (bug 245)', async () => {
    vi.stubGlobal(
      'Notification',
      class {
        static permission = 'default';
        static requestPermission = async () => 'denied';
      },
    );
    render(App, { props: { api: fakeHost().api } });
    // No rules: the panel is folded, its body (where errors are said) not drawn.
    const toggle = (await panel().findByLabelText('Notifications')) as HTMLInputElement;
    expect(screen.queryByTestId('alert-log')).toBeNull();
    await fireEvent.click(toggle);
    const said = await panel().findByRole('alert');
    expect(said.textContent).toMatch(/did not allow notifications/);
    expect(said.title).toBe(said.textContent);
  });

  it('disables, deletes and clears through the host; --alert rules cannot be deleted', async () => {
    const host = fakeHost([rule('ACME below 90', 'low'), rule('ACME above 110', 'cli-1')]);
    render(App, { props: { api: host.api } });
    const row = await screen.findByTestId('alert-rule-low');
    // Each button is named for its rule: a screen reader's list of buttons tells them apart.
    await fireEvent.click(within(row).getByRole('button', { name: 'Disable ACME below 90 once' }));
    await waitFor(() =>
      expect(screen.getByTestId('alert-rule-low').dataset.state).toBe('disabled'),
    );
    expect(host.calls.find(([c]) => c === 'alerts:save')![1][0]).toMatchObject({
      id: 'low',
      enabled: false,
    });
    expect(within(screen.getByTestId('alert-rule-cli-1')).queryByRole('button')).toBeNull();
    await fireEvent.click(within(row).getByRole('button', { name: 'Delete ACME below 90 once' }));
    await waitFor(() => expect(screen.queryByTestId('alert-rule-low')).toBeNull());
    host.fire(fired(rule('ACME above 110', 'cli-1'), 111));
    await screen.findByTestId('alert-fired');
    await fireEvent.click(panel().getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(screen.queryByTestId('alert-fired')).toBeNull());
    expect(host.commands()).toEqual(expect.arrayContaining(['alerts:delete', 'alerts:clear-log']));
  });

  it('edits a saved rule in the form: filled in, saved under its id, its note and expiry shown (bug 205)', async () => {
    const saved = rule('ACME below 90 every 30s note first', 'low');
    const host = fakeHost([saved, rule('ACME above 110', 'cli-1')]);
    render(App, { props: { api: host.api } });
    const row = await screen.findByTestId('alert-rule-low');
    expect(row.textContent).toContain('first');
    expect(within(screen.getByTestId('alert-rule-cli-1')).queryByRole('button')).toBeNull();
    await fireEvent.click(
      within(row).getByRole('button', { name: 'Edit ACME below 90 every 30s' }),
    );
    const form = panel().getByRole('form', { name: 'Edit alert' });
    expect(within(form).getByText(/^Editing/).textContent).toBe('Editing ACME below 90 every 30s');
    expect(within(form).getByLabelText<HTMLInputElement>('Instrument').value).toBe('ACME');
    expect(within(form).getByLabelText<HTMLInputElement>('Value').value).toBe('90');
    // A cooldown not among the Trigger's choices is kept, not replaced by the first.
    expect(within(form).getByLabelText<HTMLInputElement>('Trigger').value).toBe('every 30s');
    await fireEvent.input(within(form).getByLabelText('Note'), { target: { value: 'moved' } });
    await fireEvent.input(within(form).getByLabelText('Expires'), { target: { value: '2h' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(host.commands()).toContain('alerts:save'));
    const sent = host.calls.find(([c]) => c === 'alerts:save')![1][0] as AlertRule;
    expect(sent).toMatchObject({ ...saved, note: 'moved', expiresAt: expect.any(Number) });
    await waitFor(() => expect(panel().queryByRole('form')).toBeNull());
    const edited = screen.getByTestId('alert-rule-low');
    expect(edited.textContent).toContain('moved');
    expect(edited.textContent).toMatch(/expires \d\d:\d\d:\d\d|expires \d{4}-/);
    // New alert after an edit is a new rule again, empty.
    await fireEvent.click(screen.getByTestId('alert-new'));
    const fresh = panel().getByRole('form', { name: 'New alert' });
    expect(within(fresh).getByLabelText<HTMLInputElement>('Instrument').value).toBe('');
  });

  it('says which source-named ids a pending rule on a bare id may mean, with several sources', async () => {
    const host = fakeHost([rule('ACME above 1', 'bare'), rule('NOPE above 1', 'none')]);
    render(App, { props: { api: host.api } });
    const instruments = ['sim', 'sim-2'].map((source) => ({
      ...INSTRUMENTS[0]!,
      id: `${source}:ACME`,
    }));
    host.push(batch({ reset: true, instruments, market: [marketRow('sim:ACME', 101)] }));
    await screen.findByTestId('alert-rule-bare');
    host.mark('bare', 'pending');
    host.mark('none', 'pending');
    await waitFor(() =>
      expect(screen.getByTestId('alert-rule-bare').textContent).toContain(
        'name it by its source: sim:ACME or sim-2:ACME',
      ),
    );
    expect(screen.getByTestId('alert-rule-none').textContent).not.toContain('name it');
  });

  it('says why a goal rule on a market instrument waits: it can never fire', async () => {
    const host = fakeHost([rule('match:ACME goal', 'goal')]);
    render(App, { props: { api: host.api } });
    host.push(batch({ reset: true, instruments: INSTRUMENTS, market: [marketRow('ACME', 101)] }));
    await screen.findByTestId('alert-rule-goal');
    host.mark('goal', 'pending');
    await waitFor(() =>
      expect(screen.getByTestId('alert-rule-goal').textContent).toContain(
        'ACME is a market, not a match: a goal rule never fires on it',
      ),
    );
  });

  it("offers the condition's instruments: a match condition picked beside ACME empties it and offers the matches (bug 253)", async () => {
    const host = fakeHost();
    render(App, { props: { api: host.api } });
    host.push(batch({ reset: true, instruments: INSTRUMENTS, market: [marketRow('ACME', 101)] }));
    await fireEvent.click(screen.getByTestId('alert-new'));
    const instrument = panel().getByLabelText<HTMLInputElement>('Instrument');
    const offered = () =>
      [...instrument.list!.options].map((o) => `${o.value} ${o.textContent}`.trim());
    await waitFor(() => expect(offered()).toEqual(['ACME Acme Corp', 'GLBX Globex']));
    await fireEvent.input(instrument, { target: { value: 'ACME' } });
    await fireEvent.change(panel().getByLabelText('Condition'), { target: { value: 'goal' } });
    // It said "goal" beside ACME, a rule that never fires, and offered the markets.
    expect(instrument.value).toBe('');
    expect(instrument.placeholder).toBe('match id');
    expect(offered()).toEqual(['M1 Harbor v North']);
    // The conditions say what each watches.
    const groups = [...panel().getByLabelText('Condition').querySelectorAll('optgroup')];
    expect(groups.map((g) => g.label)).toEqual(['Market', 'Match', 'Feed']);
    // A match picked, a feed condition keeps it for the next one; an id not in the feed stays.
    await fireEvent.input(instrument, { target: { value: 'M1' } });
    await fireEvent.change(panel().getByLabelText('Condition'), { target: { value: 'stalled' } });
    await fireEvent.change(panel().getByLabelText('Condition'), { target: { value: 'status' } });
    expect(instrument.value).toBe('M1');
    await fireEvent.input(instrument, { target: { value: 'NEWCO' } });
    await fireEvent.change(panel().getByLabelText('Condition'), { target: { value: 'above' } });
    expect(instrument.value).toBe('NEWCO');
  });

  it('draws the rules RULE_ROWS at a time, so thousands of rules do not hold the page', async () => {
    const many = Array.from({ length: 2 * RULE_ROWS + 50 }, (_, i) =>
      rule(`ACME above ${i}`, `r${i}`),
    );
    const host = fakeHost(many);
    render(App, { props: { api: host.api } });
    await screen.findByTestId('alert-rule-r0');
    // Plain queries: role queries over hundreds of rows take seconds in jsdom.
    const list = () => screen.getByTestId('alerts-panel');
    const rows = () => list().querySelectorAll('[data-testid^="alert-rule-"]').length;
    const more = () => list().querySelector('ul[aria-label="Alert rules"] + button');
    expect(rows()).toBe(RULE_ROWS);
    expect(more()?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      `Show ${RULE_ROWS} more (${RULE_ROWS} of ${many.length} shown)`,
    );
    await fireEvent.click(more()!);
    expect(rows()).toBe(2 * RULE_ROWS);
    expect(more()?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      `Show 50 more (${2 * RULE_ROWS} of ${many.length} shown)`,
    );
    await fireEvent.click(more()!);
    expect(rows()).toBe(many.length);
    expect(more()).toBeNull();
  });

  it('lists a rule added from the form at once, even past the rows drawn', async () => {
    const many = Array.from({ length: RULE_ROWS + 10 }, (_, i) => rule(`ACME above ${i}`, `r${i}`));
    const host = fakeHost(many);
    render(App, { props: { api: host.api } });
    await screen.findByTestId('alert-rule-r0');
    await fireEvent.click(screen.getByTestId('alert-new'));
    await fireEvent.input(panel().getByLabelText('Instrument'), { target: { value: 'BOLT' } });
    await fireEvent.input(panel().getByLabelText('Value'), { target: { value: '90' } });
    await fireEvent.click(panel().getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(host.commands()).toContain('alerts:save'));
    const saved = host.calls.find(([c]) => c === 'alerts:save')![1][0] as AlertRule;
    const row = await screen.findByTestId(`alert-rule-${saved.id}`);
    expect(row.textContent).toContain('BOLT crosses-down 90');
    // The rules it passed over stay behind Show more.
    expect(screen.queryByTestId(`alert-rule-r${RULE_ROWS}`)).toBeNull();
  });

  it('downloads the CSV text the host returns', async () => {
    const host = fakeHost([rule('ACME below 90', 'low')]);
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (blobs.push(b), 'blob:alerts'));
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(App, { props: { api: host.api } });
    await screen.findByTestId('alert-rule-low');
    host.fire(fired(rule('ACME below 90', 'low'), 89));
    await screen.findByTestId('alert-fired');
    await fireEvent.click(panel().getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(clicked).toHaveBeenCalledOnce());
    expect(await blobText(blobs[0]!)).toBe('firedAt,rule\n1,ACME below 90\n');
    expect((clicked.mock.contexts[0] as HTMLAnchorElement).download).toBe('tickdeck-alerts.csv');
    clicked.mockRestore();
  });

  it('charts the instrument of a clicked desktop notification', async () => {
    const host = fakeHost();
    render(App, { props: { api: host.api } });
    await waitFor(() => expect(host.commands()).toContain('alerts:get'));
    host.show('ACME');
    await waitFor(() =>
      expect(host.calls.find(([c]) => c === 'settings:update')?.[1]).toEqual([
        { focused: ['ACME'] },
      ]),
    );
  });

  it("opens the form from a watchlist row's context menu, unfolding the panel", async () => {
    // The row's sparkline and the focused row's charts ask for a canvas context, which jsdom
    // has not: they draw nothing, and with no animation frame nobody draws them (Chart.js, its
    // scales not registered here, would throw in the frame); the rows are then shown at once.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    vi.stubGlobal('requestAnimationFrame', undefined);
    const host = fakeHost();
    render(App, { props: { api: host.api } });
    // GLBX is quoted but has not traded this session: its rules watch the mid.
    const quoted = marketRow('GLBX', 50, { volume: 0, trades: 0 });
    host.push(
      batch({ reset: true, instruments: INSTRUMENTS, market: [marketRow('ACME', 101), quoted] }),
    );
    const row = await screen.findByTestId('watchlist-row-ACME');
    // No rules yet: the panel starts folded, leaving the charts their height.
    expect(screen.queryByTestId('alert-log')).toBeNull();
    await fireEvent.contextMenu(row);
    await fireEvent.click(screen.getByRole('menuitem', { name: 'New alert…' }));
    const field = await panel().findByLabelText('Instrument');
    expect((field as HTMLInputElement).value).toBe('ACME');
    expect((panel().getByLabelText('Condition') as HTMLSelectElement).value).toBe('crosses-down');
    expect((panel().getByLabelText('Price') as HTMLSelectElement).value).toBe('last');
    await waitFor(() => expect(document.activeElement).toBe(field));
    await fireEvent.input(panel().getByLabelText('Value'), { target: { value: '101.5' } });
    await fireEvent.input(panel().getByLabelText('Note'), { target: { value: 'for ACME' } });
    await fireEvent.contextMenu(await screen.findByTestId('watchlist-row-GLBX'));
    await fireEvent.click(screen.getByRole('menuitem', { name: 'New alert…' }));
    await waitFor(() =>
      expect((panel().getByLabelText('Instrument') as HTMLInputElement).value).toBe('GLBX'),
    );
    expect((panel().getByLabelText('Price') as HTMLSelectElement).value).toBe('mid');
    // What was typed for ACME is not GLBX's (bug 206: ACME's level stayed, for a rule on GLBX).
    expect((panel().getByLabelText('Value') as HTMLInputElement).value).toBe('');
    expect((panel().getByLabelText('Note') as HTMLInputElement).value).toBe('');
    await fireEvent.input(panel().getByLabelText('Value'), { target: { value: '49' } });
    await fireEvent.click(panel().getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(host.commands()).toContain('alerts:save'));
    const saved = host.calls.find(([c]) => c === 'alerts:save')![1][0] as AlertRule;
    expect(saved).toMatchObject({
      instrument: 'GLBX',
      condition: { type: 'crosses-down', level: 49, price: 'mid' },
    });
  });

  it('offers no New alert… on a row while the panel is popped out, and opens no stale form on docking (bug 255)', async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    vi.stubGlobal('requestAnimationFrame', undefined);
    const { api, push, emit } = fakeApi('desktop', {
      answer: (channel) => (channel === 'window:list' ? [{ panel: 'alerts' }] : undefined),
    });
    render(App, { props: { api } });
    push(batch({ reset: true, instruments: INSTRUMENTS, market: [marketRow('ACME', 101)] }));
    await waitFor(() => expect(screen.queryByTestId('alerts-panel')).toBeNull());
    await fireEvent.contextMenu(await screen.findByTestId('watchlist-row-ACME'));
    const items = screen.getAllByRole('menuitem').map((i) => i.textContent?.trim());
    expect(items.some((t) => t?.startsWith('Chart'))).toBe(true);
    // It drafted into a panel that was not there: nothing showed, until the dock opened it.
    expect(items).not.toContain('New alert…');
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    emit('window:panels', []);
    await screen.findByTestId('alerts-panel');
    expect(screen.queryByRole('form', { name: 'New alert' })).toBeNull();
  });

  it('turns the alert sound on and off through the alertSound setting, off at first', async () => {
    const host = fakeHost();
    render(App, { props: { api: host.api } });
    const toggle = (await panel().findByLabelText('Sound')) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    await fireEvent.click(toggle);
    await waitFor(() =>
      expect(host.calls.filter(([c]) => c === 'settings:update').map(([, a]) => a)).toEqual([
        [{ alertSound: true }],
      ]),
    );
    await fireEvent.click(toggle);
    await waitFor(() =>
      expect(host.calls.filter(([c]) => c === 'settings:update').at(-1)?.[1]).toEqual([
        { alertSound: false },
      ]),
    );
  });
});
