/**
 * The recordings in a folder, newest first: what the browser mode offers instead of asking for
 * a typed path. Only the folders' listings and file sizes are read, never a segment, so a list
 * costs the same for a 1 KB and a 1 GB recording.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecentRecording } from '../protocol/recordings';
import { INDEX_FILE, SEGMENT_PATTERN } from './format';
import {
  isRecordingSet,
  readRecordingSetFile,
  recordedSourceNames,
  SOURCES_FILE,
} from './recording-set-file';

/** Most entries of the recordings folder looked at: a folder of other things stays cheap. */
const MAX_SCANNED = 2_000;

/**
 * Lists up to `limit` recording folders (those holding a first segment) under `root`, newest
 * first. A missing `root` has none; an unreadable one rejects with an error naming it.
 */
export async function listRecordings(root: string, limit: number): Promise<RecentRecording[]> {
  let names: string[];
  try {
    const entries = await readdir(root, { withFileTypes: true });
    names = entries
      .filter((e) => e.isDirectory())
      .slice(0, MAX_SCANNED)
      .map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`cannot read the recordings folder ${root}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const dated = await Promise.all(names.map((name) => dirModified(join(root, name), name)));
  const newest = dated
    .filter((d): d is { name: string; modifiedAt: number } => d !== null)
    .sort((a, b) => b.modifiedAt - a.modifiedAt || b.name.localeCompare(a.name))
    .slice(0, Math.max(0, limit));
  const listed = await Promise.all(newest.map((d) => describe(join(root, d.name), d.name)));
  return listed.filter((r): r is RecentRecording => r !== null);
}

/** When the folder last changed, or null when it cannot be read. */
async function dirModified(dir: string, name: string) {
  try {
    return { name, modifiedAt: (await stat(dir)).mtimeMs };
  } catch {
    return null;
  }
}

/**
 * The folder as a recording, or null when it holds no segment (not a recording). A set is one
 * entry, named by its folder, with its sources' names, its sub-folders' sizes summed.
 */
async function describe(dir: string, name: string): Promise<RecentRecording | null> {
  try {
    if (!(await isRecordingSet(dir))) {
      const files = await recordingFiles(dir);
      return files === null ? null : { name, dir, ...files };
    }
    // A damaged sources.json is not offered; opening the folder says what is wrong with it.
    const set = await readRecordingSetFile(dir);
    const parts = await Promise.all(set.sources.map((s) => recordingFiles(join(dir, s.dir))));
    const setFile = await stat(join(dir, SOURCES_FILE));
    return {
      name,
      dir,
      modifiedAt: Math.max(Math.round(setFile.mtimeMs), ...parts.map((p) => p?.modifiedAt ?? 0)),
      bytes: parts.reduce((sum, p) => sum + (p?.bytes ?? 0), setFile.size),
      sources: recordedSourceNames(set),
    };
  } catch {
    return null; // removed while listing, or unreadable: it is not offered
  }
}

/** When a recording folder's segments and index last changed, and their size; null for none. */
async function recordingFiles(dir: string): Promise<{ modifiedAt: number; bytes: number } | null> {
  const files = (await readdir(dir)).filter((f) => SEGMENT_PATTERN.test(f) || f === INDEX_FILE);
  if (!files.some((f) => SEGMENT_PATTERN.test(f))) return null;
  const stats = await Promise.all(files.map((f) => stat(join(dir, f))));
  return {
    modifiedAt: Math.round(Math.max(...stats.map((s) => s.mtimeMs))),
    bytes: stats.reduce((sum, s) => sum + s.size, 0),
  };
}
