/**
 * Which alert log a settings file has: one per settings file, beside it and named after it, so
 * two setups in one folder (`--settings a.json` and `--settings b.json`, a desk user's profiles,
 * the desktop app's and browser mode's defaults where the two share a folder) neither mix
 * their fired alerts nor clear each other's. The folder's one log of before keeps its name for
 * the desktop app's default settings file, which reads it as it did; any other settings file
 * that was in use before starts its own log from a copy of it, so no alert it logged is lost.
 */
import { constants } from 'node:fs';
import { copyFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The one alert log a folder had before: now the default settings file's. */
export const SHARED_ALERT_LOG_FILE = 'alerts-log.ndjson';

/** The desktop app's settings file (in `userData`), whose log keeps the shared log's name. */
const DEFAULT_SETTINGS_FILE = 'settings.json';

/** The log of the settings file at `settingsPath`: `b.json` logs to `b.json.alerts-log.ndjson`. */
export function alertLogPathOf(settingsPath: string): string {
  const name = basename(settingsPath);
  const log = name === DEFAULT_SETTINGS_FILE ? SHARED_ALERT_LOG_FILE : `${name}.alerts-log.ndjson`;
  return join(dirname(settingsPath), log);
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

// Copying from a FIFO would wait for a writer that never comes (as reading one would).
const isFile = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * The log path for `settingsPath`, once its alerts from before are in it: a settings file that
 * exists, with no log of its own yet beside the folder's shared log, wrote its alerts there, so
 * its log starts as a copy (other files' alerts included, as it showed them before). A new
 * settings file starts with an empty log. A failed copy leaves the shared log as it was.
 */
export async function adoptAlertLog(settingsPath: string): Promise<string> {
  const path = alertLogPathOf(settingsPath);
  const shared = join(dirname(settingsPath), SHARED_ALERT_LOG_FILE);
  if (path === shared || !(await exists(settingsPath)) || (await exists(path))) return path;
  if (!(await isFile(shared))) return path;
  // EXCL: a second process adopting at the same moment keeps the first copy.
  await copyFile(shared, path, constants.COPYFILE_EXCL).catch(() => undefined);
  return path;
}
