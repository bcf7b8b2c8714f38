/**
 * Browser mode's notifications for alerts, throttled as the desktop app's are
 * (main/electron/alert-notification.ts): a rule that fires on every tick (`every 0s`), or
 * thousands of rules at once, must not raise hundreds of system notifications a second. The
 * first live alert shows at once; those within {@link NOTIFICATION_INTERVAL_MS} after it are
 * held, and at the interval's end one notification shows the newest, saying how many there
 * were. The page's log keeps every alert.
 */
import type { AlertEvent } from '../../../protocol/alerts';

/** Live alerts raise at most one browser notification this often, ms. */
export const NOTIFICATION_INTERVAL_MS = 1_000;

/** Takes each live alert to notify of; `stop()` drops one held back. */
export interface AlertNotifier {
  (event: AlertEvent): void;
  stop(): void;
}

/** `show` is told the alert to show and how many `more` it stands for. */
export function alertNotifier(
  show: (event: AlertEvent, more: number) => void,
  now: () => number = Date.now,
): AlertNotifier {
  let quietUntil = 0;
  let held: AlertEvent | null = null;
  let heldCount = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (held) show(held, heldCount - 1);
    quietUntil = now() + NOTIFICATION_INTERVAL_MS;
    held = null;
    heldCount = 0;
  };
  const notify = (event: AlertEvent) => {
    const at = now();
    if (at >= quietUntil && timer === undefined) {
      show(event, 0);
      quietUntil = at + NOTIFICATION_INTERVAL_MS;
      return;
    }
    held = event;
    heldCount++;
    timer ??= setTimeout(flush, quietUntil - at);
  };
  notify.stop = () => {
    clearTimeout(timer);
    timer = undefined;
    held = null;
    heldCount = 0;
  };
  return notify;
}
