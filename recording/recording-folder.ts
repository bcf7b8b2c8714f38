/** The folder a recording is written into: made if missing, refused if it holds a recording. */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { INDEX_FILE, SEGMENT_PATTERN } from './format';
import { SOURCES_FILE } from './recording-set-file';

/**
 * Creates `dir` if missing; throws if it cannot, or if it holds an index, a segment file or a
 * recording set's `sources.json` (a set is what opening the folder plays: it hid a recording
 * written beside it).
 */
export function claimRecordingFolder(dir: string): void {
  let files: string[];
  try {
    mkdirSync(dir, { recursive: true });
    files = readdirSync(dir);
  } catch (err) {
    throw new Error(`${dir}: cannot create the recording folder (${(err as Error).message})`, {
      cause: err,
    });
  }
  const taken = files.find(
    (f) => f === INDEX_FILE || f === SOURCES_FILE || SEGMENT_PATTERN.test(f),
  );
  if (taken) throw new Error(`${join(dir, taken)}: the folder already holds a recording`);
}
