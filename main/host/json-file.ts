/**
 * Small JSON files the app owns (settings, window state): read tolerantly, written atomically
 * (temp file, fsync, rename) so a crash or power loss mid-write never leaves a half-written file,
 * and one write at a time per file, in call order, so concurrent saves never interleave.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Outcome of reading a JSON file. */
export type JsonRead =
  | { readonly kind: 'ok'; readonly value: unknown }
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly error: string };

/** Reads and parses `path`; a missing file and a corrupt one are reported, never thrown. */
export async function readJsonFile(path: string): Promise<JsonRead> {
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
 * same file queued before it: the file ends up holding the last value written.
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

async function replaceFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Unique per write: another process (or a stale temp from a crash) never shares it.
  const temp = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    const file = await open(temp, 'wx');
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
