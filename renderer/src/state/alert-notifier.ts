/**
 * Browser mode's notifications for alerts, throttled as the desktop app's are
 * (main/electron/alert-notification.ts): a rule that fires on every tick (`every 0s`), or
 * thousands of rules at once, must not raise hundreds of system notifications a second. The
 * first live alert of a second shows at once; the rest of that second's are held, and at its
 * end one notification shows the newest, saying how many there were; a second after one that
 * ended so holds its first too. The page's log keeps every alert.
 *
 * The seconds are the alerts' own (`firedAt`, the host's clock), not the page's: two main
 * pages (two tabs) hearing the same alerts then show the same ones, which the browser, by their
 * tag, shows once (bug 251). On the page's clock each page's second began with the first alert
 * it heard, and under a flood the two pages' notifications were of different alerts.
 */
import type { AlertEvent } from '../../../protocol/alerts';

/** Live alerts raise at most one browser notification a second of this many ms, after the first. */
export const NOTIFICATION_INTERVAL_MS = 1_000;
/** A second's held alerts show this long after it ends, so its last alerts, on their way, are in. */
export const NOTIFICATION_SLACK_MS = 250;

/** Takes each live alert to notify of; `stop()` drops one held back. */
export interface AlertNotifier {
  (event: AlertEvent): void;
  stop(): void;
}

/** `show` is told the alert to show and how many `more` it stands for. */
export function alertNotifier(show: (event: AlertEvent, more: number) => void): AlertNotifier {
  /** The second of the last alert heard, and the last second that ended with alerts held. */
  let second = -Infinity;
  let heldSecond = -Infinity;
  let held: AlertEvent | null = null;
  let heldCount = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (held) show(held, heldCount - 1);
    held = null;
    heldCount = 0;
    // An alert of that second heard after its notification (the host tells alerts in groups)
    // is the next second's: of its own, it was one more notification milliseconds after.
    second = Math.max(second, heldSecond + 1);
  };
  const notify = (event: AlertEvent) => {
    const fired = Math.floor(event.firedAt / NOTIFICATION_INTERVAL_MS);
    if (held !== null && fired > heldSecond) flush();
    // One heard after a later one is of the later one's second.
    const at = Math.max(second, fired);
    const first = at > second;
    second = at;
    if (first && heldSecond !== at - 1) return show(event, 0);
    held = event;
    heldCount++;
    heldSecond = at;
    const end = (at + 1) * NOTIFICATION_INTERVAL_MS;
    timer ??= setTimeout(flush, end - event.firedAt + NOTIFICATION_SLACK_MS);
  };
  notify.stop = () => {
    clearTimeout(timer);
    timer = undefined;
    held = null;
    heldCount = 0;
  };
  return notify;
}
