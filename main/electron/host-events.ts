/**
 * Where the host's events go in the desktop app. Settings, fired alerts and alert states go to
 * every window's page: a pop-out's selection reaches the main window, and a popped-out alert
 * log keeps up. Notices and menu events go to the main window. A fired alert is also a desktop
 * notification (at most one a second, ./alert-notification.ts), whose click brings the main
 * window forward, opening it again if it was closed, and charts the instrument.
 */
import type { BrowserWindow, WebContents } from 'electron';
import type { HostEvents, Notice, Settings } from '../../protocol/ipc';
import type { AppHost } from '../host/host';
import { alertNotifier } from './alert-notification';
import { sendHostEvent } from './ipc';

export interface EventTargets {
  /** The main window, while it is open. */
  main(): BrowserWindow | null;
  /** Every window's page: the main one first, then the pop-outs. */
  pages(): WebContents[];
  /** Shows a notice in the main window's page, or keeps it until the page is ready. */
  notify(notice: Notice): void;
  /** A clicked alert notification: the main window forward (opened if closed), `instrument` charted. */
  showAlert(instrument: string | null): void;
}

/** Routes the host's events to the windows from now on; returns the unsubscribe. */
export function routeHostEvents(host: Pick<AppHost, 'onEvent'>, to: EventTargets): () => void {
  const notify = alertNotifier(to.showAlert);
  const off = host.onEvent((channel, payload) => {
    if (channel === 'app:notice') return to.notify(payload as Notice);
    if (channel === 'settings:changed') {
      for (const page of to.pages()) sendHostEvent(page, channel, payload as Settings);
    } else if (channel === 'alert:fired') {
      const event = payload as HostEvents['alert:fired'];
      for (const page of to.pages()) sendHostEvent(page, channel, event);
      notify(event);
    } else if (channel === 'alert:states') {
      for (const page of to.pages())
        sendHostEvent(page, channel, payload as HostEvents['alert:states']);
    } else {
      const win = to.main();
      if (win) sendHostEvent(win.webContents, 'app:menu', payload as HostEvents['app:menu']);
    }
  });
  return () => {
    off();
    notify.stop();
  };
}
