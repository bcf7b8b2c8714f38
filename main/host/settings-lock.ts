/**
 * One host per settings file (bug 150). Each host holds the settings as it read them and writes
 * its whole copy at every save, so two hosts on one file (two `npm run web`, or the desktop app
 * and browser mode given one `--settings`) undid each other's changes, and shared one alert
 * log. The desktop app's single-instance lock covers two desktop apps only; this lock covers any
 * two hosts. It is a file beside the settings file (`settings.json.lock`) naming the process that
 * holds it, made whole and at once (written aside, then hard-linked into place, which fails when
 * the name exists), so a second host reads who holds it and is refused, naming the file and the
 * process. A host killed without closing (kill -9, a crash) leaves it behind: a lock whose process
 * is gone from this machine, or whose pid another process has taken since (B167.2: the lock
 * names its process's start where it can be read), is taken over (./lock-holder.ts). Not `proper-lockfile`: its lock names no process and is
 * stale only after its mtime stops moving (seconds), and it needs a timer in every host.
 */
import { link, mkdir, open, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Notice } from '../../protocol/ipc';
import { StartError } from './host-api';
import { alive, readHolder, thisHolder } from './lock-holder';
import { NotRegularFileError, refuseOtherThanFile } from './json-file';

/** The lock of the settings file at `settingsPath`: `b.json.lock`. */
export const lockPathOf = (settingsPath: string): string => `${settingsPath}.lock`;

/** A held lock (or none, when the folder cannot hold one: said in `notices`). */
export interface SettingsLock {
  readonly notices: readonly Notice[];
  /** Gives the lock up, unless another host has taken it over since. */
  release(): Promise<void>;
}

const NO_LOCK: SettingsLock = { notices: [], release: async () => {} };

/** The most of a lock read: one this app writes is under 200 bytes; a longer one is not its. */
const LOCK_MAX_BYTES = 1_024;

/**
 * A lock's text, its first {@link LOCK_MAX_BYTES}: null when there is none. Rejects with a
 * {@link NotRegularFileError} for a path that is not a regular file: reading a FIFO there
 * waited for a writer, and the start with it, for good.
 */
async function readLock(path: string): Promise<string | null> {
  await refuseOtherThanFile(path);
  const file = await open(path, 'r').catch(() => null);
  if (file === null) return null;
  try {
    const bytes = Buffer.alloc(LOCK_MAX_BYTES);
    const { bytesRead } = await file.read(bytes, 0, LOCK_MAX_BYTES, 0);
    return bytes.toString('utf8', 0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * Takes the lock of the settings file at `settingsPath` (none for null); rejects with a {@link StartError} naming
 * the file and the process when a live one holds it. A folder where no lock can be made (read
 * only) gives no lock, and a notice saying so.
 */
export async function lockSettings(settingsPath: string | null): Promise<SettingsLock> {
  if (settingsPath === null) return NO_LOCK; // settings in memory: nothing to share
  const path = lockPathOf(await canonical(settingsPath));
  const text = JSON.stringify(thisHolder());
  const aside = `${path}.${process.pid}.tmp`;
  try {
    // The first save would make the folder (json-file.ts); the lock comes before it.
    await mkdir(dirname(path), { recursive: true });
    await writeFile(aside, text);
  } catch (err) {
    return {
      ...NO_LOCK,
      notices: [
        {
          level: 'warning',
          message: `Could not lock ${settingsPath} (${(err as Error).message}): another Tickdeck on it would not be refused.`,
        },
      ],
    };
  }
  try {
    // Twice at most: a stale lock is removed, and the next try takes it or meets a live one.
    for (let tries = 0; tries < 2; tries++) {
      try {
        await link(aside, path).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') throw err;
          // A file system without hard links: created exclusively, then written.
          return writeFile(path, text, { flag: 'wx' });
        });
        return { notices: [], release: () => release(path, text) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const held = await readLock(path).catch((err: unknown) => {
        if (err instanceof NotRegularFileError)
          throw new StartError(`${settingsPath}: its lock ${path} is not a file; remove it`);
        return null;
      });
      const holder = held === null ? null : readHolder(held);
      if (holder && alive(holder))
        throw new StartError(
          `${settingsPath} is in use by another Tickdeck (process ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
            `Close that one, or give this one its own --settings file; if that process is not Tickdeck, delete ${path}.`,
        );
      await removeStale(path, held);
    }
    throw new StartError(`${settingsPath}: could not take its lock ${path}; try again`);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

/**
 * The one path of the settings file however it is named: links followed (the file's, else its
 * folder's), so `--settings ~/link.json` and the file it points to share one lock.
 */
function canonical(settingsPath: string): Promise<string> {
  return realpath(settingsPath).catch(() =>
    realpath(dirname(settingsPath)).then(
      (folder) => join(folder, basename(settingsPath)),
      () => settingsPath,
    ),
  );
}

/**
 * Removes the stale lock read as `seen`. Moved aside first, not unlinked: two starts taking over
 * one stale lock at once could otherwise each remove it, the later one the other's fresh lock.
 * One that finds it moved another's lock puts it back, and its next try is refused by it.
 */
async function removeStale(path: string, seen: string | null): Promise<void> {
  const moved = `${path}.${process.pid}.stale`;
  try {
    await rename(path, moved);
  } catch {
    return; // gone already: the next try takes it or meets a new one
  }
  if ((await readLock(moved).catch(() => null)) !== seen)
    await link(moved, path).catch(() => undefined);
  await unlink(moved).catch(() => undefined);
}

async function release(path: string, text: string): Promise<void> {
  const held = await readLock(path).catch(() => null);
  if (held === text) await unlink(path).catch(() => undefined);
}
