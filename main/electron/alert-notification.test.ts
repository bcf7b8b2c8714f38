import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { Notification as ElectronNotification } from 'electron';
import { crossingAlert } from '../../test-support/alert-rules';
import { BrowserWindow, Notification } from '../../test-support/electron-fake';
import { focusWindow, showAlertNotification } from './alert-notification';

const event = (replayPosition: number | null) => crossingAlert(replayPosition, 'check the news');

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
});
