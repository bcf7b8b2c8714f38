/**
 * Small files the app owns (settings, workspaces, window state, the alert log): read
 * tolerantly, written atomically (temp file, fsync, rename) so a crash or power loss mid-write
 * never leaves a half-written file, and one write at a time per file, in call order, so
 * concurrent saves never interleave. Only a regular file is read or replaced.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { canonicalPath } from './canonical-path';

/** Outcome of reading a JSON file. */
export type JsonRead =
  | { readonly kind: 'ok'; readonly value: unknown }
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly error: string }
  /** There, and not a regular file: neither read nor to be replaced (see below). */
  | { readonly kind: 'not-a-file'; readonly error: string };

/** Why a path that is there but is not a regular file is refused, naming it. */
export class NotRegularFileError extends Error {
  constructor(readonly path: string) {
    super(`${path} is not a regular file`);
  }
}

/** The codes a file system gives for a folder this process may not write in. */
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Why a save failed in a folder this process may not write (read-only media, a folder the
 * user cannot write, a managed profile). It names the file, not the save's temp file.
 */
export class FolderNotWritableError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`${path} is not saved: its folder cannot be written (${code})`);
  }
}

/**
 * Rejects with a {@link NotRegularFileError} when `path` is there and is not a regular file (a
 * FIFO, a device, a folder); a missing path passes. Opening a FIFO blocks until a writer comes,
 * for good when none does (the app never started), and a device such as `/dev/zero` never ends;
 * replacing either by a rename would take it from whatever else uses it (`/dev/null`, as root).
 * `stat` follows symlinks, so a link to one is refused too.
 */
export async function refuseOtherThanFile(path: string): Promise<void> {
  const stats = await stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (stats !== null && !stats.isFile()) throw new NotRegularFileError(path);
}

/**
 * Reads and parses `path`; a missing file, a corrupt one and a path that is not a regular file
 * are reported, never thrown.
 */
export async function readJsonFile(path: string): Promise<JsonRead> {
  try {
    await refuseOtherThanFile(path);
  } catch (err) {
    if (err instanceof NotRegularFileError) return { kind: 'not-a-file', error: err.message };
    // Any other failure to stat (a permission, a symlink loop) the read below meets and reports.
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', error: (err as Error).message };
  }
  try {
    // Editors such as Windows Notepad save UTF-8 with a byte-order mark; JSON.parse rejects it.
    return { kind: 'ok', value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (err) {
    return { kind: 'corrupt', error: `not valid JSON (${(err as Error).message})` };
  }
}

/** The last write queued per file (absolute path); settled entries are removed. */
const writeQueues = new Map<string, Promise<void>>();

/**
 * Writes `value` as pretty JSON via a temp file and an atomic rename, after every write to the
 * same file queued before it: the file ends up holding the last value written. Rejects with a
 * {@link NotRegularFileError}, writing nothing, when the path is there and not a regular file,
 * and with a {@link FolderNotWritableError} when its folder may not be written.
 */
export function writeJsonFileAtomic(path: string, value: unknown): Promise<void> {
  return writeTextFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Like {@link writeJsonFileAtomic}, for text the caller has already formatted. */
export function writeTextFileAtomic(path: string, text: string): Promise<void> {
  const key = resolve(path);
  const previous = writeQueues.get(key) ?? Promise.resolve();
  const write = previous.catch(() => {}).then(() => replaceFile(key, text));
  const tail = write.catch(() => {});
  writeQueues.set(key, tail);
  void tail.then(() => {
    if (writeQueues.get(key) === tail) writeQueues.delete(key);
  });
  return write;
}

async function replaceFile(given: string, text: string): Promise<void> {
  await refuseOtherThanFile(given);
  // The file a link names, replaced, not the link (bug 178): `--settings ~/link.json` became a
  // file of its own at the first save, the file it named left behind, and the two spellings
  // two files, each with its own lock. A link to a file not made yet makes that file (bug 218).
  const path = canonicalPath(given);
  // Unique per write: another process (or a stale temp from a crash) never shares it.
  const temp = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  // Only making the folder or the temp file tells that the folder may not be written: a rename
  // refused on Windows (EPERM) may be another program holding the file.
  let created = false;
  try {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(temp, 'wx');
    created = true;
    try {
      await file.writeFile(text, 'utf8');
      // On disk before the rename makes it the file: a power cut never leaves an empty one.
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (!created && code !== undefined && NOT_WRITABLE.has(code))
      throw new FolderNotWritableError(given, code);
    throw err;
  }
}

/** Moves a corrupt file aside so the user's data is kept for inspection; returns the new path. */
export async function setAside(path: string, now = Date.now()): Promise<string | null> {
  const aside = `${path}.corrupt-${now}`;
  try {
    await rename(path, aside);
    return aside;
  } catch {
    return null;
  }
}
