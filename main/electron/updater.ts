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

/** Checks for an update once if packaged; reports every failure through `notify`. */
export async function checkForUpdates(opts: {
  isPackaged: boolean;
  load: () => Updater;
  notify: (notice: Notice) => void;
}): Promise<void> {
  if (!opts.isPackaged) return;
  const report = (err: unknown) =>
    opts.notify({
      level: 'warning',
      message: `Could not check for updates: ${err instanceof Error ? err.message : String(err)}`,
    });
  try {
    const updater = opts.load();
    // Download errors arrive as events after the check's promise has settled.
    updater.on('error', report);
    await updater.checkForUpdatesAndNotify();
  } catch (err) {
    report(err);
  }
}
