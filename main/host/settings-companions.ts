/**
 * The files a settings file has beside it, one of each per settings file, named after it, so
 * that two setups in one folder (`--settings a.json` and `--settings b.json`, a desk user's
 * profiles, the desktop app's and browser mode's defaults where the two share a folder) neither
 * mix nor clear each other's: its alert log (bug 135) and its workspaces (bug 151). Each had
 * one file per folder before, whose name the desktop app's default settings file keeps, reading
 * it as it did; any other settings file that was in use before starts its own from a copy of it,
 * so nothing it saved is lost.
 */
import { constants } from 'node:fs';
import { copyFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LOCK_SUFFIX } from './settings-lock';

/** The one alert log a folder had before: now the default settings file's. */
export const SHARED_ALERT_LOG_FILE = 'alerts-log.ndjson';
/** The one workspaces file a folder had before: now the default settings file's. */
export const SHARED_WORKSPACES_FILE = 'workspaces.json';

/** The desktop app's settings file (in `userData`), whose files keep the shared names. */
const DEFAULT_SETTINGS_FILE = 'settings.json';

/** `shared` for the default settings file, else `<settings file's name>.<shared>` beside it. */
function companionOf(settingsPath: string, shared: string): string {
  const name = basename(settingsPath);
  return join(dirname(settingsPath), name === DEFAULT_SETTINGS_FILE ? shared : `${name}.${shared}`);
}

/** The log of the settings file at `settingsPath`: `b.json` logs to `b.json.alerts-log.ndjson`. */
export const alertLogPathOf = (settingsPath: string): string =>
  companionOf(settingsPath, SHARED_ALERT_LOG_FILE);

/** The workspaces of the settings file at `settingsPath`: `b.json.workspaces.json` for `b.json`. */
export const workspacesPathOf = (settingsPath: string): string =>
  companionOf(settingsPath, SHARED_WORKSPACES_FILE);

/** The files of its own a settings file has beside it, by the end of their names. */
const OWN_FILES: readonly (readonly [suffix: string, what: string])[] = [
  [LOCK_SUFFIX, 'the lock'],
  [`.${SHARED_ALERT_LOG_FILE}`, 'the alert log'],
  [`.${SHARED_WORKSPACES_FILE}`, 'the workspaces file'],
];

/**
 * What `path` is when it is one of the files a settings file has beside it ("the lock of
 * x.json"), else null: such a file is not a settings file (bug 217: `--settings x.json.lock` was
 * read as one, and its first save replaced the lock of the host on x.json, so a second host
 * could start on it; a save over an alert log or a workspaces file would replace its entries).
 */
export function ownFileOf(path: string): string | null {
  const name = basename(path);
  if (name === SHARED_ALERT_LOG_FILE) return `the alert log of ${DEFAULT_SETTINGS_FILE}`;
  if (name === SHARED_WORKSPACES_FILE) return `the workspaces file of ${DEFAULT_SETTINGS_FILE}`;
  for (const [suffix, what] of OWN_FILES)
    if (name.endsWith(suffix) && name.length > suffix.length)
      return `${what} of ${name.slice(0, -suffix.length)}`;
  return null;
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
 * The companion of `settingsPath` named after `shared`, once what it had before is in it: a
 * settings file that exists, with no companion of its own yet beside the folder's shared one,
 * used the shared one, so its own starts as a copy (other files' entries included, as it showed
 * them before). A new settings file starts with none. A failed copy leaves the shared file as
 * it was. Called before anything may create the settings file.
 */
async function adopt(settingsPath: string, shared: string): Promise<string> {
  const path = companionOf(settingsPath, shared);
  const sharedPath = join(dirname(settingsPath), shared);
  if (path === sharedPath || !(await exists(settingsPath)) || (await exists(path))) return path;
  if (!(await isFile(sharedPath))) return path;
  // EXCL: a second process adopting at the same moment keeps the first copy.
  await copyFile(sharedPath, path, constants.COPYFILE_EXCL).catch(() => undefined);
  return path;
}

/** The alert log path for `settingsPath`, its alerts from before in it (see {@link adopt}). */
export const adoptAlertLog = (settingsPath: string): Promise<string> =>
  adopt(settingsPath, SHARED_ALERT_LOG_FILE);

/** The workspaces path for `settingsPath`, its workspaces from before in it (see {@link adopt}). */
export const adoptWorkspaces = (settingsPath: string): Promise<string> =>
  adopt(settingsPath, SHARED_WORKSPACES_FILE);
