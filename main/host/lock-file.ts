/**
 * A settings lock file (./settings-lock.ts) as read, and the removal of one found stale, such
 * that of several starts taking over one stale lock at once exactly one holds it after (bug 180).
 * It was moved aside, then checked, and put back when it turned out to be the lock another start
 * had just taken: while it was aside a third start made its own, the put-back failed, and two
 * held it. No file system offers "remove this name only if it still names that file", so the one
 * start allowed to remove a stale lock is the one that creates, exclusively, a marker named after
 * that lock's file (its device and inode); it removes the lock only while the name still names
 * that file. Every start that read the lock keeps it open until its take-over is done, so its
 * inode cannot be given to a new lock meanwhile.
 */
import { constants } from 'node:fs';
import { open, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { NotRegularFileError, refuseOtherThanFile } from './json-file';

/** The most of a lock read: one this app writes is under 300 bytes; a longer one is not its. */
const LOCK_MAX_BYTES = 1_024;

/**
 * A marker older than this was left by a start that died during its take-over (which takes
 * milliseconds): removed, so that the stale lock it was for can be taken over again.
 */
const MARKER_ABANDONED_MS = 10_000;

/**
 * A lock this young whose text is not whole (empty, or JSON cut short) is taken to be being
 * written, not left by a start that died: on a file system without hard links a lock is
 * created, then written (in milliseconds), and a start that read it in between took it for
 * stale and removed it, so two hosts held the file (bug 229). One older is stale, as before.
 */
const BEING_WRITTEN_MS = 2_000;

function whole(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A lock as read: its text, and its file, held open. */
export interface SeenLock {
  readonly text: string;
  readonly file: FileHandle;
  readonly dev: bigint;
  readonly ino: bigint;
  /** When it was last written, ms since the epoch. */
  readonly mtimeMs: number;
}

/** Whether `seen` may still be being written by the start that made it. */
export const mayBeBeingWritten = (seen: SeenLock, now = Date.now()): boolean =>
  now - seen.mtimeMs < BEING_WRITTEN_MS && !whole(seen.text);

/**
 * The lock at `path`, its first {@link LOCK_MAX_BYTES}, open until the caller closes it; null
 * when there is none. Rejects with a {@link NotRegularFileError} for a path that is not a
 * regular file: reading a FIFO there waited for a writer, and the start with it, for good.
 */
export async function readLock(path: string): Promise<SeenLock | null> {
  await refuseOtherThanFile(path);
  // Not blocking, should a FIFO take the name between the check and the open.
  const file = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(() => null);
  if (file === null) return null;
  try {
    const { dev, ino, isFile, mtimeMs } = await file.stat({ bigint: true }).then((s) => ({
      dev: s.dev,
      ino: s.ino,
      isFile: s.isFile(),
      mtimeMs: Number(s.mtimeMs),
    }));
    if (!isFile) throw new NotRegularFileError(path);
    const bytes = Buffer.alloc(LOCK_MAX_BYTES);
    const { bytesRead } = await file.read(bytes, 0, LOCK_MAX_BYTES, 0);
    return { text: bytes.toString('utf8', 0, bytesRead), file, dev, ino, mtimeMs };
  } catch (err) {
    await file.close();
    throw err;
  }
}

/**
 * Removes the stale lock `seen` from `path` if no other start is removing it: false when one is
 * (the caller waits and looks again).
 */
export async function removeStale(path: string, seen: SeenLock): Promise<boolean> {
  const marker = `${path}.takeover-${seen.dev}-${seen.ino}`;
  try {
    await writeFile(marker, '', { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') await clearAbandoned(marker);
    return false;
  }
  try {
    const now = await stat(path, { bigint: true }).catch(() => null);
    // Another name for the file, or none: a start took the stale lock over already.
    if (now !== null && now.dev === seen.dev && now.ino === seen.ino)
      await unlink(path).catch(() => undefined);
    return true;
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

async function clearAbandoned(marker: string): Promise<void> {
  const made = await stat(marker).catch(() => null);
  if (made !== null && Date.now() - made.mtimeMs > MARKER_ABANDONED_MS)
    await unlink(marker).catch(() => undefined);
}
