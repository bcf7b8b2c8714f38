/**
 * Desktop notifications for alerts, from the main process so they show with the window
 * hidden or minimised. Clicking one brings the window forward and charts the instrument.
 * Replayed alerts stay in the app: a replay at 100× must not flood the desktop with old news.
 */
import type { BrowserWindow } from 'electron';
import { Notification } from 'electron';
import type { AlertEvent } from '../../protocol/alerts';

/** Shows the alert as a desktop notification; false when it is a replay's or unsupported. */
export function showAlertNotification(
  event: AlertEvent,
  onClick: (instrument: string | null) => void,
): boolean {
  if (event.replayPosition !== null || !Notification.isSupported()) return false;
  const value = event.tick?.value;
  const notification = new Notification({
    title: `Alert: ${event.text}`,
    body: [value === null || value === undefined ? '' : `at ${value}`, event.rule.note]
      .filter(Boolean)
      .join(' · '),
  });
  notification.on('click', () => onClick(event.tick?.instrument ?? null));
  notification.show();
  return true;
}

/** Brings the window to the front, restoring it when minimised. */
export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
