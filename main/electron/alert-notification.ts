/**
 * Desktop notifications for alerts, from the main process so they show with the window
 * hidden or minimised. Clicking one brings the window forward and charts the instrument.
 * Replayed alerts stay in the app: a replay at 100× must not flood the desktop with old news.
 */
import type { BrowserWindow } from 'electron';
import { Notification } from 'electron';
import type { AlertEvent } from '../../protocol/alerts';
import { alertValueWords } from '../../protocol/alert-value-words';

/**
 * Live alerts raise at most one desktop notification this often. A rule that fires on every
 * tick (`every 0s`), or thousands of rules at once, must not flood the desktop; the app's log
 * keeps every alert.
 */
export const NOTIFICATION_INTERVAL_MS = 1_000;

/**
 * Notifications held until clicked or closed, newest kept. Electron holds a shown notification
 * only weakly: once its object is collected, a click on it in the notification centre does
 * nothing (https://github.com/electron/electron/issues/16922). Not every platform says when one
 * is dismissed, so the oldest are let go past this many (at one a second, some minutes' worth).
 */
export const MAX_HELD_NOTIFICATIONS = 200;
const held = new Set<Notification>();

function hold(notification: Notification): void {
  held.add(notification);
  const release = () => held.delete(notification);
  notification.on('click', release);
  notification.on('close', release);
  for (const oldest of held) {
    if (held.size <= MAX_HELD_NOTIFICATIONS) break;
    held.delete(oldest);
  }
}

/**
 * Shows the alert as a desktop notification, saying how many `more` alerts it stands for;
 * false when it is a replay's or unsupported.
 */
export function showAlertNotification(
  event: AlertEvent,
  onClick: (instrument: string | null) => void,
  more = 0,
): boolean {
  if (event.replayPosition !== null || !Notification.isSupported()) return false;
  const notification = new Notification({
    title: `Alert: ${event.text}`,
    body: [
      alertValueWords(event),
      event.rule.note,
      more > 0 ? `and ${more} more alert${more === 1 ? '' : 's'}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
  });
  notification.on('click', () => onClick(event.tick?.instrument ?? null));
  hold(notification);
  notification.show();
  return true;
}

/** Shows live alerts, throttled; `stop()` drops one held back. */
export interface AlertNotifier {
  (event: AlertEvent): void;
  stop(): void;
}

/**
 * Shows the first live alert at once and holds those that fire within
 * {@link NOTIFICATION_INTERVAL_MS} after it: at the interval's end one notification shows the
 * newest of them, saying how many more there were.
 */
export function alertNotifier(onClick: (instrument: string | null) => void): AlertNotifier {
  let quietUntil = 0;
  let held: AlertEvent | null = null;
  let heldCount = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (held) showAlertNotification(held, onClick, heldCount - 1);
    quietUntil = Date.now() + NOTIFICATION_INTERVAL_MS;
    held = null;
    heldCount = 0;
  };
  const notify = (event: AlertEvent) => {
    if (event.replayPosition !== null) return;
    const now = Date.now();
    if (now >= quietUntil && timer === undefined) {
      if (showAlertNotification(event, onClick)) quietUntil = now + NOTIFICATION_INTERVAL_MS;
      return;
    }
    held = event;
    heldCount++;
    timer ??= setTimeout(flush, quietUntil - now);
  };
  notify.stop = () => clearTimeout(timer);
  return notify;
}

/** Brings the window to the front, restoring it when minimised. */
export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
