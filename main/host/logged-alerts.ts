/**
 * Each alert the engine fires goes to the alert log first, and is handed on once it is there
 * (on disk when the log has a file): an alert the user saw is one a restart still lists. A
 * log that cannot be written does not hold alerts back: they are handed on all the same, and
 * the failure is said once until an alert is written again (a flash crash gave one notice per
 * alert, as the appends of a burst fail together).
 */
import type { AlertEvent } from '../../protocol/alerts';
import type { AlertLog } from '../alerts/alert-log';
import type { FeedEngine } from '../feed/engine-api';

/** Logs each alert of `engine`, then `fired` hears it, for as long as the engine runs. */
export function logEachAlert(
  engine: FeedEngine,
  log: AlertLog,
  fired: (event: AlertEvent) => void,
  onError: (message: string) => void,
): void {
  let failing = false;
  engine.onAlert((event) => {
    log.append(event).then(
      () => {
        failing = false;
        fired(event);
      },
      (err: unknown) => {
        if (!failing)
          onError(
            `Alerts could not be saved to the alert log (${(err as Error).message}): they are shown as they fire, but the log will not list them after a restart. Said once until one is saved.`,
          );
        failing = true;
        fired(event);
      },
    );
  });
}
