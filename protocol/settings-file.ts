/**
 * The settings file's own shape around the settings: its `version`, which says by which
 * source-naming rule its names were made, so that a file of an older app is renamed once as it
 * is read (bug 112; ./source-renames.ts) and never again. Version 3 saves each source's name
 * with its feed (bug 132, ./feed-names.ts); a file before it has its sources named as it is
 * read, in order, as its app named them at each start.
 */
import { isObj } from './plain-object';
import type { Settings } from './settings';
import { readSettings } from './settings-read';
import { SOURCE_NAME_RULE } from './source-names';

/** `version` of the settings file this app writes; a file without one is version 1. */
export const SETTINGS_FILE_VERSION = 3;

/**
 * Reads the settings file: its fields as {@link readSettings} reads them, its `version` saying
 * which source-naming rule its names were made by (version 1, or none: rule 1).
 */
export function readSettingsFile(v: unknown): ReturnType<typeof readSettings> {
  if (!isObj(v)) return readSettings(v);
  const { version, ...fields } = v;
  const read = readSettings(fields, version === undefined || version === 1 ? 1 : SOURCE_NAME_RULE);
  if (version === undefined || version === 1 || version === 2 || version === SETTINGS_FILE_VERSION)
    return read;
  const problem = `version: expected 1 to ${SETTINGS_FILE_VERSION}; read as ${SETTINGS_FILE_VERSION}`;
  return { settings: read.settings, problems: [problem, ...read.problems] };
}

/** What the settings file holds for `settings`: them, with this app's file version. */
export function settingsFileOf(settings: Settings): object {
  return { version: SETTINGS_FILE_VERSION, ...settings };
}
