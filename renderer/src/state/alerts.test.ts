import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertEvent, AlertStatesChange } from '../../../protocol/alerts';
import { parseAlertLine } from '../../../protocol/alert-line';
import type { AlertsView } from '../../../protocol/commands';
import type { TickdeckApi } from '../../../protocol/ipc';
import { fakeApi } from '../../../test-support/renderer-api';
import { AlertSound } from './alert-sound';
import { NOTIFICATION_INTERVAL_MS, NOTIFICATION_SLACK_MS } from './alert-notifier';
import {
  AlertsState,
  MAX_SHOWN_ALERTS,
  browserNotifications,
  type BrowserNotifications,
} from './alerts.svelte';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const RULE = (() => {
  const r = parseAlertLine('ACME below 90', { id: 'low', now: 0 });
  if (!r.ok) throw new Error(r.error);
  return r.value;
})();

function event(id: number, replayPosition: number | null = null): AlertEvent {
  return {
    id,
    rule: RULE,
    text: 'ACME below 90',
    tick: { instrument: 'ACME', seq: id, ts: id, value: 89 },
    firedAt: 10_000 + id,
    replayPosition,
  };
}

/** An `alert:states` change: nothing but what the test gives. */
function change(version: number, parts: Partial<AlertStatesChange> = {}): AlertStatesChange {
  return { version, states: {}, put: [], removed: [], logCleared: false, ...parts };
}

/** A host whose `alerts:*` commands answer only when the test says so. */
function slowHost(host: 'web' | 'desktop' = 'web') {
  const answers: ((view: AlertsView | null) => void)[] = [];

  const api = {
    host,
    invoke: vi.fn(
      (channel: string) =>
        new Promise((resolve) => {
          if (channel.startsWith('alerts:')) answers.push(resolve);
        }),
    ),
    on: () => () => {},
  } as unknown as TickdeckApi;
  return {
    api,
    answer: (view: AlertsView | null) => answers.shift()!(view),
    asked: () => (api.invoke as ReturnType<typeof vi.fn>).mock.calls.map(([c]) => c as string),
  };
}

function notifications(answer: NotificationPermission) {
  const shown: string[] = [];
  const n: BrowserNotifications = {
    permission: () => 'default',
    request: vi.fn(async () => answer),
    show: (_title, body) => shown.push(body),
  };
  return { n, shown };
}

describe('AlertsState', () => {
  it('keeps the newest MAX_SHOWN_ALERTS log entries, newest first', () => {
    const alerts = new AlertsState(slowHost().api);
    for (let i = 1; i <= MAX_SHOWN_ALERTS + 10; i++) alerts.fired(event(i));
    expect(alerts.log).toHaveLength(MAX_SHOWN_ALERTS);
    expect(alerts.log[0]!.id).toBe(MAX_SHOWN_ALERTS + 10);
    expect(alerts.log.at(-1)!.id).toBe(11);
  });

  it("keeps another rule's alert through a flood of one rule, heard and in a view (bug 244)", () => {
    const alerts = new AlertsState(slowHost().api);
    const quiet = { ...event(1), rule: { ...RULE, id: 'quiet' } };
    alerts.fired(quiet);
    for (let i = 2; i <= 3 * MAX_SHOWN_ALERTS; i++) alerts.fired(event(i));
    expect(alerts.log).toHaveLength(MAX_SHOWN_ALERTS);
    expect(alerts.log.at(-1)).toEqual(quiet);
  });

  it('notifies in the browser only once turned on and allowed, and never for a replay', async () => {
    const { n, shown } = notifications('granted');
    const alerts = new AlertsState(slowHost('web').api, n);
    alerts.fired(event(1));
    expect(shown).toEqual([]);
    await alerts.setNotify(true);
    expect(n.request).toHaveBeenCalledOnce();
    alerts.fired(event(2, 5_000));
    alerts.fired(event(3));
    expect(shown).toEqual(['ACME below 90 at 89']);
    await alerts.setNotify(false);
    alerts.fired(event(4));
    expect(shown).toHaveLength(1);
  });

  it('raises at most one notification a second: a burst shows its first, then its newest with how many more', async () => {
    vi.useFakeTimers();
    const { n, shown } = notifications('granted');
    const alerts = new AlertsState(slowHost('web').api, n);
    await alerts.setNotify(true);
    for (let i = 1; i <= 50; i++) alerts.fired(event(i));
    expect(shown).toEqual(['ACME below 90 at 89']);
    expect(alerts.log).toHaveLength(50);
    vi.advanceTimersByTime(NOTIFICATION_INTERVAL_MS + NOTIFICATION_SLACK_MS);
    expect(shown).toEqual(['ACME below 90 at 89', 'ACME below 90 at 89 · and 48 more alerts']);
    // The next second holds its first too, shown as that second ends; after a quiet second,
    // the first shows at once.
    alerts.fired({ ...event(51), firedAt: 11_500 });
    expect(shown).toHaveLength(2);
    vi.advanceTimersByTime(NOTIFICATION_INTERVAL_MS);
    expect(shown).toHaveLength(3);
    alerts.fired({ ...event(52), firedAt: 13_000 });
    expect(shown).toHaveLength(4);
  });

  it('brings the page forward and charts the instrument when a browser notification is clicked (bug 207)', async () => {
    const made: { title: string; onclick: (() => void) | null; close: () => void }[] = [];
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      close = vi.fn();
      constructor(readonly title: string) {
        made.push(this);
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    const focus = vi.fn();
    vi.stubGlobal('window', { focus });
    const charted: string[] = [];
    const alerts = new AlertsState(slowHost('web').api, browserNotifications(), null, (id) =>
      charted.push(id),
    );
    await alerts.setNotify(true);
    alerts.fired(event(1));
    expect(made.map((n) => n.title)).toEqual(['Tickdeck alert']);
    made[0]!.onclick!();
    expect(focus).toHaveBeenCalledOnce();
    expect(charted).toEqual(['ACME']);
    expect(made[0]!.close).toHaveBeenCalledOnce();
  });

  it('stays off and says why when the browser refuses; the desktop page never notifies itself', async () => {
    const refused = notifications('denied');
    const alerts = new AlertsState(slowHost('web').api, refused.n);
    await alerts.setNotify(true);
    expect(alerts.notify).toBe(false);
    expect(alerts.error).toMatch(/did not allow notifications/);
    const desktop = notifications('granted');
    const electron = new AlertsState(slowHost('desktop').api, desktop.n);
    expect(electron.canNotify).toBe(false);
    await electron.setNotify(true);
    electron.fired(event(1));
    expect(desktop.shown).toEqual([]);
  });

  it("keeps an alert heard while the host's view was on its way, and clears what the host cleared", async () => {
    const host = slowHost();
    const alerts = new AlertsState(host.api);
    alerts.fired(event(1));
    alerts.refresh(); // asked for before event 2 is heard
    alerts.fired(event(2));
    host.answer({ rules: [RULE], states: { low: 'fired' }, log: [event(1)], version: 1 });
    await vi.waitFor(() => expect(alerts.states).toEqual({ low: 'fired' }));
    expect(alerts.log.map((e) => e.id)).toEqual([2, 1]);
    void alerts.clearLog();
    host.answer(null);
    alerts.changed(change(2, { logCleared: true }));
    await vi.waitFor(() => expect(alerts.log).toEqual([]));
  });

  it("lists once an alert the host's view already held when the page heard of it", async () => {
    // The host logs an alert before it tells the page, so a view asked for meanwhile has it.
    const host = slowHost();
    const alerts = new AlertsState(host.api);
    alerts.refresh();
    host.answer({ rules: [RULE], states: { low: 'armed' }, log: [event(1)], version: 1 });
    await vi.waitFor(() => expect(alerts.states).toEqual({ low: 'armed' }));
    alerts.fired(event(1));
    alerts.fired(event(2));
    expect(alerts.log.map((e) => e.id)).toEqual([2, 1]);
    // One rule's alerts share a toast (bug 208): its newest, counted.
    expect(alerts.toasts.map((t) => [t.event.id, t.count])).toEqual([[2, 2]]);
  });

  it('hands each fired alert to the alert sound, which decides whether to play', () => {
    const { api } = slowHost('desktop');
    const played: number[] = [];
    const sound = new AlertSound({ play: () => played.push(1), prime: () => {} }, () => 0);
    sound.on = true;
    const state = new AlertsState(api, null, sound);
    state.fired(event(1));
    expect(played).toEqual([1]);
  });

  it('applies the alerts a shown page hears before an animation frame together, in that frame', () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    const page = { visibilityState: 'visible' };
    vi.stubGlobal('document', page);
    const host = fakeApi('web');
    const alerts = new AlertsState(host.api);
    const stop = alerts.start();
    for (let id = 1; id <= 3; id++) host.emit('alert:fired', event(id));
    expect(alerts.log).toEqual([]);
    expect(frames).toHaveLength(1);
    frames[0]!(0);
    expect(alerts.log.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(alerts.toasts.map((t) => [t.event.id, t.count])).toEqual([[3, 3]]);
    // A hidden page draws no frames, yet must toast, log and notify: at once, in order.
    host.emit('alert:fired', event(4));
    page.visibilityState = 'hidden';
    host.emit('alert:fired', event(5));
    expect(alerts.log.map((e) => e.id)).toEqual([5, 4, 3, 2, 1]);
    stop();
  });

  it('fetches the whole view at start, on a changed list and on a reconnect, never per alert or on a timer', async () => {
    vi.useFakeTimers();
    const view: AlertsView = { rules: [RULE], states: { low: 'armed' }, log: [], version: 4 };
    const host = fakeApi('web', {
      answer: (channel) => (channel === 'alerts:get' ? view : undefined),
    });
    const alerts = new AlertsState(host.api);
    const stop = alerts.start();
    const fetches = () => host.calls.filter(([channel]) => channel === 'alerts:get').length;
    await vi.advanceTimersByTimeAsync(0);
    expect(fetches()).toBe(1);
    expect(alerts.states).toEqual({ low: 'armed' });

    // An alert and the state it caused come as messages of their own.
    host.emit('alert:fired', event(1));
    host.emit('alert:states', change(5, { states: { low: 'fired' } }));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fetches()).toBe(1);
    expect(alerts.toasts.map((t) => t.event.id)).toEqual([]); // dismissed after TOAST_MS
    expect(alerts.log.map((e) => e.id)).toEqual([1]);
    expect(alerts.states).toEqual({ low: 'fired' });

    // A change missed (6 never came): the view again.
    host.emit('alert:states', change(7, { removed: ['low'] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(fetches()).toBe(2);
    host.emit('app:reconnected', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetches()).toBe(3);
    stop();
  });

  it('applies an edit, a deletion and states from the changes, fetching no view', async () => {
    const host = slowHost();
    const alerts = new AlertsState(host.api);
    alerts.refresh();
    const other = { ...RULE, id: 'other' };
    host.answer({
      rules: [RULE, other],
      states: { low: 'armed', other: 'armed' },
      log: [],
      version: 3,
    });
    await vi.waitFor(() => expect(alerts.rules).toHaveLength(2));
    const edited = { ...RULE, note: 'edited' };
    const added = { ...RULE, id: 'added' };
    alerts.changed(change(4, { put: [{ index: 0, rule: edited }] }));
    alerts.changed(change(5, { put: [{ index: 2, rule: added }], states: { added: 'pending' } }));
    alerts.changed(change(6, { removed: ['other'], states: { low: 'fired' } }));
    expect(alerts.rules).toEqual([edited, added]);
    expect(alerts.states).toEqual({ low: 'fired', added: 'pending' });
    // Heard twice (a second page's edit echoed): the page already holds it.
    alerts.changed(change(6, { removed: ['added'] }));
    expect(alerts.rules).toEqual([edited, added]);
    expect(host.asked()).toEqual(['alerts:get']);
  });

  it('fetches the view when it missed a change or one does not fit its list, never diverging', async () => {
    const host = slowHost();
    const alerts = new AlertsState(host.api);
    alerts.refresh();
    host.answer({ rules: [RULE], states: { low: 'armed' }, log: [], version: 1 });
    await vi.waitFor(() => expect(alerts.rules).toHaveLength(1));
    const added = { ...RULE, id: 'added' };
    // Version 2 was lost: 3 is not applied, the view is asked for.
    alerts.changed(change(3, { put: [{ index: 1, rule: added }] }));
    expect(alerts.rules).toEqual([RULE]);
    expect(host.asked()).toEqual(['alerts:get', 'alerts:get']);
    // Changes heard while it is on its way wait for it: 3 is in the view, 4 is not.
    const later = { ...RULE, id: 'later' };
    alerts.changed(change(3, { put: [{ index: 1, rule: added }] }));
    alerts.changed(change(4, { put: [{ index: 2, rule: later }] }));
    host.answer({ rules: [RULE, added], states: {}, log: [], version: 3 });
    await vi.waitFor(() => expect(alerts.rules).toEqual([RULE, added, later]));
    // A rule put past the end of the list: the page and the host differ.
    alerts.changed(change(5, { put: [{ index: 7, rule: { ...RULE, id: 'far' } }] }));
    expect(alerts.rules).toEqual([RULE, added, later]);
    expect(host.asked()).toHaveLength(3);
  });

  it('takes the view asked for last, whatever its version: a restarted host counts from 0 again', async () => {
    const host = slowHost();
    const alerts = new AlertsState(host.api);
    alerts.refresh();
    host.answer({ rules: [RULE], states: {}, log: [], version: 57 });
    await vi.waitFor(() => expect(alerts.rules).toEqual([RULE]));
    // Reconnected to a host that started again, twice: the view asked for first says less.
    alerts.refresh();
    alerts.refresh();
    const fresh = { ...RULE, id: 'fresh' };
    host.answer({ rules: [{ ...RULE, id: 'older' }], states: {}, log: [], version: 0 });
    await new Promise((r) => setTimeout(r, 10));
    expect(alerts.rules).toEqual([RULE]);
    host.answer({ rules: [fresh], states: {}, log: [], version: 0 });
    await vi.waitFor(() => expect(alerts.rules).toEqual([fresh]));
    const added = { ...RULE, id: 'added' };
    alerts.changed(change(1, { put: [{ index: 1, rule: added }] }));
    expect(alerts.rules).toEqual([fresh, added]);
    expect(host.asked()).toHaveLength(3);
  });
});
