/**
 * Small JSON files the app owns (settings, window state): read tolerantly, written atomically
 * (temp file + rename) so a crash mid-write never leaves a half-written file behind.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

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

/** Writes `value` as pretty JSON via a temp file and an atomic rename. */
export async function writeJsonFileAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
  await rename(temp, path);
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
