/**
 * Browser mode's notifications of live alerts: off until the user turns them on and the browser
 * allows them, at most one a second (alert-notifier.ts), never for a replay.
 */
import type { AlertEvent } from '../../../protocol/alerts';
import { alertNotifier } from './alert-notifier';
import { alertKey, alertSummary } from './alert-words';

/** The browser's Notification API, as far as this page uses it (absent in Electron's page). */
export interface BrowserNotifications {
  permission(): NotificationPermission;
  request(): Promise<NotificationPermission>;
  /**
   * Shows one; `onclick` hears a click on it. One with the `tag` of one shown replaces it: two
   * pages open (two tabs) each notify of each alert, and the browser shows it once (bug 251).
   */
  show(title: string, body: string, tag: string, onclick: () => void): void;
}

export function browserNotifications(): BrowserNotifications | null {
  if (typeof Notification !== 'function') return null;
  return {
    permission: () => Notification.permission,
    request: () => Notification.requestPermission(),
    show: (title, body, tag, onclick) => {
      const shown = new Notification(title, { body, tag });
      shown.onclick = () => {
        shown.close();
        onclick();
      };
    },
  };
}

export class BrowserAlertNotices {
  /** The user turned notifications on (and the browser allowed them). */
  on = $state.raw(false);
  /** Null in Electron, where main raises the desktop notifications. */
  readonly notifications: BrowserNotifications | null;
  readonly #notifier = alertNotifier((event, more) => {
    // Turned off while one was held: it stays unshown.
    if (!this.on) return;
    const rest = more > 0 ? ` · and ${more} more alert${more === 1 ? '' : 's'}` : '';
    const tag = alertKey(event);
    this.notifications?.show('Tickdeck alert', `${alertSummary(event)}${rest}`, tag, () => {
      // As the desktop app's (bug 207): a click did nothing, the tab stayed behind the others.
      window.focus();
      if (event.tick !== null) this.#show(event.tick.instrument);
    });
  });
  readonly #show: (instrument: string) => void;

  /** `show` charts the instrument of a clicked notification's alert. */
  constructor(
    notifications: BrowserNotifications | null,
    show: (instrument: string) => void = () => {},
  ) {
    this.notifications = notifications;
    this.#show = show;
  }

  heard(event: AlertEvent): void {
    // A replay is the past: it never raises a desktop notification.
    if (this.on && event.replayPosition === null) this.#notifier(event);
  }

  /**
   * Takes the user's choice as saved (the `alertNotifications` setting): on only while the
   * browser allows them, without asking (it asks only on a click). A page loaded again had
   * them off, though the browser kept its permission (bug 246).
   */
  follow(saved: boolean): void {
    if (!saved) this.on = false;
    else if (!this.on) this.on = this.notifications?.permission() === 'granted';
  }

  /** Turns them on (asking the browser first) or off; false when the browser refused. */
  async turn(on: boolean): Promise<boolean> {
    if (!on || !this.notifications) {
      this.on = false;
      return true;
    }
    const granted =
      this.notifications.permission() === 'granted' ||
      (await this.notifications.request()) === 'granted';
    this.on = granted;
    return granted;
  }

  /** Drops a notification held back. */
  stop(): void {
    this.#notifier.stop();
  }
}
