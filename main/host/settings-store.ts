/**
 * User settings: loaded from a JSON file, validated field by field, saved atomically. A corrupt
 * file is set aside (never deleted) and defaults take over, with a notice for the user.
 * Command-line overrides apply to the running session only and are never written back.
 */
import { stat } from 'node:fs/promises';
import { nameAfterSaved } from '../../protocol/feed-names';
import { checkSettingsPatch } from '../../protocol/settings-check';
import { retireSources } from '../../protocol/retired-sources';
import { readSettingsFile, settingsFileOf } from '../../protocol/settings-file';
import { serialQueue } from '../../shared/serial-queue';
import type { Notice, Settings, SettingsPatch } from '../../protocol/ipc';
import { DEFAULT_SETTINGS } from '../../protocol/ipc';
import { feedChoices } from '../../protocol/settings';
import { readJsonFile, setAside, writeJsonFileAtomic } from './json-file';

/** Settings as the running app sees them, with persistence behind. */
export interface SettingsStore {
  /** Saved settings with this run's overrides applied. */
  current(): Settings;
  /** Validates, applies and saves a change; rejects with a message naming the bad field. */
  update(patch: SettingsPatch): Promise<Settings>;
  /**
   * Like {@link update}, with the change made from the settings as they are when it applies,
   * after every change queued before it: a read-modify-write (an alert rule added to the list)
   * that no concurrent change can overtake and undo. Rejects with what `change` throws.
   */
  updateWith(change: (current: Settings) => SettingsPatch): Promise<Settings>;
  /** Problems found while loading, for the user to read (empty when all was well). */
  readonly notices: readonly Notice[];
}

/**
 * True when the file exists with no write permission for anyone: the user locked it (a desk's
 * managed settings). The atomic save replaces the file by a rename, which only the folder's
 * permissions govern, so without this check a locked file was overwritten all the same.
 */
async function lockedByUser(path: string): Promise<boolean> {
  try {
    return ((await stat(path)).mode & 0o222) === 0;
  } catch {
    return false; // missing: the first save creates it
  }
}

/** A change naming `feed` but not `feeds` chooses one source again (see `Settings.feeds`). */
function oneSourceAgain(patch: SettingsPatch): SettingsPatch {
  return 'feed' in patch && !('feeds' in patch) ? { ...patch, feeds: [] } : patch;
}

/**
 * `next`, with the sources that `saved` names and `next` does not remembered as retired (bug
 * 147), whatever the change that dropped them: a removal, a switch of feed or of workspace.
 */
function withRetired(saved: Settings, next: Settings): Settings {
  if (saved.feeds === next.feeds) return next;
  const retiredSources = retireSources(next.retiredSources, feedChoices(saved), feedChoices(next));
  return { ...next, retiredSources };
}

/**
 * Loads settings from `path` (null: keep them in memory only, e.g. tests). `base`, a workspace
 * chosen on the command line, is saved over the loaded settings before `overrides` apply; given
 * as a function, it is made from the loaded settings. `check` is given the settings the run
 * starts with before anything is written: what it throws refuses the start with every saved
 * file as it was (bug 181: a workspace's settings were saved, and a corrupt file set aside, by a
 * start then refused for its `--alert`).
 */
export async function openSettingsStore(
  path: string | null,
  overrides: SettingsPatch = {},
  base?: SettingsPatch | ((loaded: Settings) => SettingsPatch),
  check: (starting: Settings) => void = () => {},
): Promise<SettingsStore> {
  const notices: Notice[] = [];
  let saved: Settings = DEFAULT_SETTINGS;
  // A FIFO or a device (`--settings /tmp/fifo`) is neither read, which would wait for good, nor
  // replaced: every save rejects naming it (json-file.ts), and so nothing there is lost.
  let refused = false;
  let corrupt: string | null = null;
  if (path !== null) {
    const read = await readJsonFile(path);
    if (read.kind === 'not-a-file') {
      refused = true;
      notices.push({
        level: 'error',
        message: `Settings file ${path} is not a regular file; defaults are in use, and no change is saved until it is one.`,
      });
    } else if (read.kind === 'corrupt') {
      corrupt = read.error;
    } else if (read.kind === 'ok') {
      const { settings, problems } = readSettingsFile(read.value);
      saved = settings;
      if (problems.length) {
        notices.push({
          level: 'warning',
          message: `Some saved settings were invalid and reset to defaults: ${problems.join('; ')}`,
        });
      }
    }
  }
  const based =
    base === undefined
      ? saved
      : withRetired(saved, { ...saved, ...(typeof base === 'function' ? base(saved) : base) });
  let runOverrides: SettingsPatch = oneSourceAgain(overrides);
  // The command line's sources are named after the saved ones (bug 133): a saved source's feed
  // takes its name, any other a name no saved source has.
  if (overrides.feeds !== undefined)
    runOverrides = {
      ...runOverrides,
      // A retired source's feed takes its name back; any other no retired one (bug 147).
      feeds: nameAfterSaved(overrides.feeds, [...based.feeds, ...based.retiredSources]),
    };
  check({ ...based, ...runOverrides });
  if (path !== null && corrupt !== null) {
    const aside = await setAside(path);
    notices.push({
      level: 'warning',
      message: `Settings file ${path} could not be read (${corrupt}); defaults are in use.${aside ? ` The old file was kept as ${aside}.` : ''}`,
    });
  }
  // This run starts in it all the same; the notice above says why it is not saved.
  if (base !== undefined && path !== null && !refused) {
    await writeJsonFileAtomic(path, settingsFileOf(based)).catch((err: Error) =>
      notices.push({
        level: 'warning',
        message: `The workspace's settings are in use for this run, but ${err.message}.`,
      }),
    );
  }
  saved = based;
  // Updates run one at a time, each merged onto the state the one before it saved: the page
  // sends changes without waiting, and none may be merged onto a stale copy and lost.
  const updates = serialQueue();

  const apply = async (change: SettingsPatch): Promise<Settings> => {
    const patch = oneSourceAgain(change);
    const next = withRetired(saved, { ...saved, ...patch });
    if (path !== null && (await lockedByUser(path)))
      throw new Error(`${path} is read-only: the change is not saved (make it writable to save)`);
    if (path !== null) await writeJsonFileAtomic(path, settingsFileOf(next));
    saved = next;
    // A setting the user changes during the run stops being overridden by the command line.
    runOverrides = Object.fromEntries(
      Object.entries(runOverrides).filter(([key]) => !(key in patch)),
    );
    return { ...saved, ...runOverrides };
  };

  const current = () => ({ ...saved, ...runOverrides });
  const checked = (patch: SettingsPatch): SettingsPatch => {
    const result = checkSettingsPatch(patch);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
  const enqueue = (change: () => SettingsPatch): Promise<Settings> =>
    updates(() => apply(checked(change())));

  return {
    notices,
    current,
    update(patch) {
      try {
        checked(patch);
      } catch (err) {
        return Promise.reject(err as Error);
      }
      return enqueue(() => patch);
    },
    updateWith: (change) => enqueue(() => change(current())),
  };
}
