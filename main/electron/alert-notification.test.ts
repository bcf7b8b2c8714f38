import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { Notification as ElectronNotification } from 'electron';
import { crossingAlert } from '../../test-support/alert-rules';
import { BrowserWindow, Notification } from '../../test-support/electron-fake';
import { MAX_HELD_NOTIFICATIONS, focusWindow, showAlertNotification } from './alert-notification';

const event = (replayPosition: number | null) => crossingAlert(replayPosition, 'check the news');

/** A full garbage collection; what only a WeakRef still points at is gone after it. */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  // A WeakRef's target lives to the end of the job that made it: collect in a later one.
  await new Promise((resolve) => setTimeout(resolve, 0));
  (runInNewContext('gc') as () => void)();
}

/** Shows `count` live alerts; weak references to their notifications, which the fake forgets. */
function showWeakly(count: number, onClick: (instrument: string | null) => void) {
  for (let i = 0; i < count; i++) showAlertNotification(event(null), onClick);
  return Notification.shown.splice(0).map((n) => new WeakRef(n));
}

beforeEach(() => {
  Notification.shown.length = 0;
});

describe('alert notifications', () => {
  it('shows a live alert; a click focuses the window and charts the instrument', () => {
    expect(ElectronNotification).toBe(Notification); // the fake stands in for Electron's
    const win = new BrowserWindow({}) as unknown as ElectronWindow;
    const fake = win as unknown as BrowserWindow;
    fake.isMinimized.mockReturnValueOnce(true);
    const charted: (string | null)[] = [];
    expect(
      showAlertNotification(event(null), (instrument) => {
        focusWindow(win);
        charted.push(instrument);
      }),
    ).toBe(true);
    const [shown] = Notification.shown;
    expect(shown?.options).toEqual({
      title: 'Alert: ACME crosses-down 92.5',
      body: 'at 92.4 · check the news',
    });
    shown?.click();
    expect(fake.restore).toHaveBeenCalled();
    expect(fake.focus).toHaveBeenCalled();
    expect(charted).toEqual(['ACME']);
  });

  it('raises no desktop notification for a replayed alert', () => {
    expect(showAlertNotification(event(1_700_000_000_000), () => undefined)).toBe(false);
    expect(Notification.shown).toEqual([]);
  });

  it('holds a notification until it is clicked, so a click on it later, in the notification centre, still charts', async () => {
    const charted: (string | null)[] = [];
    const [shown] = showWeakly(1, (instrument) => charted.push(instrument));
    await collectGarbage();
    // Electron holds it weakly: without the app's hold, the click would find no listener.
    shown!.deref()?.click();
    expect(charted).toEqual(['ACME']);
  });

  it('lets the oldest go past the ones it holds, and each as it is clicked', async () => {
    const shown = showWeakly(MAX_HELD_NOTIFICATIONS + 1, () => undefined);
    shown.at(-1)!.deref()!.click();
    await collectGarbage();
    expect(shown[0]!.deref()).toBeUndefined();
    expect(shown.at(-1)!.deref()).toBeUndefined();
    expect(shown[1]!.deref()).toBeDefined();
  });
});
