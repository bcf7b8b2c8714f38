/**
 * Update checks against the GitHub releases electron-builder publishes. Only a packaged build
 * checks, never development (there is nothing to update, and no release feed config). An update
 * failure is a notice for the user, never an exception: the dashboard must keep running.
 */
import type * as ElectronUpdater from 'electron-updater';
import type { AppUpdater } from 'electron-updater';
import { createRequire } from 'node:module';
import type { Notice } from '../../protocol/ipc';

/** The part of electron-updater's AppUpdater used here. */
export type Updater = Pick<AppUpdater, 'on' | 'checkForUpdatesAndNotify'>;

/**
 * Loads electron-updater's shared instance. Lazy, because creating it reads the packaged app's
 * update config; and via require, because electron-updater is CommonJS with getter exports.
 */
export function loadAutoUpdater(): Updater {
  const require = createRequire(import.meta.url);
  return (require('electron-updater') as typeof ElectronUpdater).autoUpdater;
}

/**
 * Most characters of a failure's reason a notice shows. electron-updater writes an unreadable
 * feed's whole body (`rawData: …`), a stack or an HTTP answer's headers into its messages, so a
 * feed answering megabytes of garbage would otherwise be a notice of megabytes.
 */
export const MAX_UPDATE_REASON_CHARS = 300;

/** The first line of a failure's message, at most MAX_UPDATE_REASON_CHARS long. */
function reason(err: unknown): string {
  const line = (err instanceof Error ? err.message : String(err)).split('\n', 1)[0] ?? '';
  return line.length > MAX_UPDATE_REASON_CHARS
    ? `${line.slice(0, MAX_UPDATE_REASON_CHARS)}…`
    : line;
}

/** Checks for an update once if packaged; reports every failure through `notify`, once. */
export async function checkForUpdates(opts: {
  isPackaged: boolean;
  load: () => Updater;
  notify: (notice: Notice) => void;
}): Promise<void> {
  if (!opts.isPackaged) return;
  // A failed check is both emitted as 'error' and thrown, the same error object.
  const reported = new WeakSet<object>();
  const report = (err: unknown) => {
    if (typeof err === 'object' && err !== null) {
      if (reported.has(err)) return;
      reported.add(err);
    }
    opts.notify({ level: 'warning', message: `Could not check for updates: ${reason(err)}` });
  };
  try {
    const updater = opts.load();
    // Download errors arrive as events after the check's promise has settled.
    updater.on('error', report);
    await updater.checkForUpdatesAndNotify();
  } catch (err) {
    report(err);
  }
}
