/**
 * One host per settings file (bug 150). Each host holds the settings as it read them and writes
 * its whole copy at every save, so two hosts on one file (two `npm run web`, or the desktop app
 * and browser mode given one `--settings`) undid each other's changes, and shared one alert
 * log. The desktop app's single-instance lock covers two desktop apps only; this lock covers any
 * two hosts. It is a file beside the settings file (`settings.json.lock`) naming the process that
 * holds it, made whole and at once (written aside, then hard-linked into place, which fails when
 * the name exists), so a second host reads who holds it and is refused, naming the file and the
 * process. A host killed without closing (kill -9, a crash) leaves it behind: a lock whose process
 * is gone from this machine, or whose pid another process has taken since (bug 179: the lock
 * names its process's start where it can be read), is taken over (./lock-holder.ts), by one
 * start at a time (./lock-file.ts). Not `proper-lockfile`: its lock names no process and is
 * stale only after its mtime stops moving (seconds), and it needs a timer in every host.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Notice } from '../../protocol/ipc';
import { canonicalPath } from './canonical-path';
import { StartError } from './host-api';
import { alive, readHolder, thisHolder } from './lock-holder';
import { NotRegularFileError } from './json-file';
import { mayBeBeingWritten, readLock, removeStale } from './lock-file';

/** What a settings file's name takes to name its lock. */
export const LOCK_SUFFIX = '.lock';

/** The lock of the settings file at `settingsPath`: `b.json.lock`. */
export const lockPathOf = (settingsPath: string): string => `${settingsPath}${LOCK_SUFFIX}`;

/** A held lock (or none, when the folder cannot hold one: said in `notices`). */
export interface SettingsLock {
  readonly notices: readonly Notice[];
  /** Gives the lock up, unless another host has taken it over since. */
  release(): Promise<void>;
}

const NO_LOCK: SettingsLock = { notices: [], release: async () => {} };

/**
 * Takes the lock of the settings file at `settingsPath` (none for null); rejects with a
 * {@link StartError} naming the file and the process when a live one holds it. A folder where no lock can be made (read
 * only) gives no lock, and a notice saying so.
 */
export async function lockSettings(settingsPath: string | null): Promise<SettingsLock> {
  if (settingsPath === null) return NO_LOCK; // settings in memory: nothing to share
  const path = lockPathOf(canonicalPath(settingsPath));
  const text = JSON.stringify(thisHolder());
  const aside = `${path}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
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
    return await take(settingsPath, path, aside, text);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

/** Tries to take a lock, a stale one being removed meanwhile by another start: bounded waits. */
const TRIES = 50;
const WAIT_MS = 20;

async function take(
  settingsPath: string,
  path: string,
  aside: string,
  text: string,
): Promise<SettingsLock> {
  for (let tries = 0; tries < TRIES; tries++) {
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
    const seen = await readLock(path).catch((err: unknown) => {
      if (err instanceof NotRegularFileError)
        throw new StartError(`${settingsPath}: its lock ${path} is not a file; remove it`);
      return null;
    });
    if (seen === null) continue; // gone since: the next try takes it or meets a new one
    try {
      const holder = readHolder(seen.text);
      if (holder && alive(holder))
        throw new StartError(
          `${settingsPath} is in use by another Tickdeck (process ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
            `Close that one, or give this one its own --settings file; if that process is not Tickdeck, delete ${path}.`,
        );
      // Cut short and just made: its maker may be writing it (no hard links there); look again.
      const writing = holder === null && mayBeBeingWritten(seen);
      if (writing || !(await removeStale(path, seen)))
        await new Promise((r) => setTimeout(r, WAIT_MS));
    } finally {
      await seen.file.close();
    }
  }
  throw new StartError(`${settingsPath}: could not take its lock ${path}; try again`);
}

async function release(path: string, text: string): Promise<void> {
  const held = await readLock(path).catch(() => null);
  if (held === null) return;
  await held.file.close();
  if (held.text === text) await unlink(path).catch(() => undefined);
}
