import type { BrowserWindow as ElectronWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossingAlert } from '../../test-support/alert-rules';
import type { HostEventChannel, HostEvents } from '../../protocol/ipc';
import { BrowserWindow, Notification } from '../../test-support/electron-fake';
import { NOTIFICATION_INTERVAL_MS } from './alert-notification';
import { routeHostEvents } from './host-events';

type Listener = (channel: HostEventChannel, payload: HostEvents[HostEventChannel]) => void;

const alert = (replayPosition: number | null) => crossingAlert(replayPosition);

/** A main window and a pop-out, routed; returns them and the host's event stream. */
function routed(mainOpen = true) {
  let listener: Listener | null = null;
  const host = {
    onEvent: (l: Listener) => {
      listener = l;
      return () => (listener = null);
    },
  };
  const main = new BrowserWindow({});
  const popout = new BrowserWindow({});
  const notices: unknown[] = [];
  const shown: (string | null)[] = [];
  let open = mainOpen;
  const unroute = routeHostEvents(host as never, {
    main: () => (open ? (main as unknown as ElectronWindow) : null),
    pages: () => [main.webContents, popout.webContents] as never,
    notify: (notice) => notices.push(notice),
    showAlert: (instrument) => shown.push(instrument),
  });
  const emit = <E extends HostEventChannel>(channel: E, payload: HostEvents[E]) =>
    listener?.(channel, payload);
  return { main, popout, notices, shown, emit, unroute, close: () => (open = false) };
}

beforeEach(() => {
  Notification.shown.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the host's events in the desktop app", () => {
  it('go to every window when they are settings, alerts or alert states', () => {
    const { main, popout, emit } = routed();
    const settings = { focused: ['ACME'] } as never;
    const change = { version: 1, states: {}, put: [], removed: [], logCleared: false };
    emit('settings:changed', settings);
    emit('alert:fired', alert(null));
    emit('alert:states', change);
    for (const w of [main, popout]) {
      expect(w.webContents.send).toHaveBeenCalledWith('settings:changed', settings);
      expect(w.webContents.send).toHaveBeenCalledWith('alert:fired', alert(null));
      expect(w.webContents.send).toHaveBeenCalledWith('alert:states', change);
    }
  });

  it('go to the main window alone when they are notices or menu events', () => {
    const { main, popout, notices, emit } = routed();
    emit('app:notice', { level: 'warning', message: 'slow' });
    emit('app:menu', 'open-recording' as never);
    expect(notices).toEqual([{ level: 'warning', message: 'slow' }]);
    expect(main.webContents.send).toHaveBeenCalledWith('app:menu', 'open-recording');
    expect(popout.webContents.send).not.toHaveBeenCalled();
  });

  it('raise a desktop notification for a live alert, whose click asks the main window to chart the instrument (main-window.test)', () => {
    const { shown, emit } = routed();
    emit('alert:fired', alert(null));
    expect(Notification.shown).toHaveLength(1);
    expect(shown).toEqual([]);
    Notification.shown[0]!.click();
    expect(shown).toEqual(['ACME']);
  });

  it('raise one desktop notification for an alert however many windows show it (bug 251)', () => {
    // The main window and a pop-out each get the alert; the notification is main's, once.
    const { main, popout, emit } = routed();
    emit('alert:fired', alert(null));
    for (const w of [main, popout])
      expect(w.webContents.send).toHaveBeenCalledExactlyOnceWith('alert:fired', alert(null));
    expect(Notification.shown).toHaveLength(1);
  });

  it("raise none for a replay's alert", () => {
    const { emit } = routed();
    emit('alert:fired', alert(1_700_000_000_000));
    expect(Notification.shown).toHaveLength(0);
  });

  it('stop once unrouted', () => {
    const { main, emit, unroute } = routed();
    unroute();
    emit('settings:changed', {} as never);
    expect(main.webContents.send).not.toHaveBeenCalled();
  });

  it('raise one notification for a burst of alerts, and one more at the end of the second for the rest, naming how many', () => {
    vi.useFakeTimers();
    const { main, shown, emit, unroute } = routed();
    // A rule that fires on every tick (`every 0s`), or many rules at once.
    for (let i = 0; i < 50; i++) emit('alert:fired', alert(null));
    expect(Notification.shown).toHaveLength(1);
    vi.advanceTimersByTime(NOTIFICATION_INTERVAL_MS);
    expect(Notification.shown.map((n) => n.options.body)).toEqual([
      'at 92.4',
      'at 92.4 · and 48 more alerts',
    ]);
    Notification.shown[1]!.click();
    expect(shown).toEqual(['ACME']);
    // Every alert still reaches the pages, where the log lists them.
    const fired = main.webContents.send.mock.calls.filter(([c]) => c === 'alert:fired');
    expect(fired).toHaveLength(50);
    // Quiet a second, and the next alert shows at once.
    vi.advanceTimersByTime(NOTIFICATION_INTERVAL_MS);
    emit('alert:fired', alert(null));
    expect(Notification.shown).toHaveLength(3);
    // One held when unrouted is dropped with its timer.
    emit('alert:fired', alert(null));
    unroute();
    vi.advanceTimersByTime(NOTIFICATION_INTERVAL_MS);
    expect(Notification.shown).toHaveLength(3);
  });
});
