/**
 * A recording as a recorder killed with kill -9 leaves it: its last segment cut at a flush (no
 * gzip trailer, no end line, maybe a partial line), and absent from `index.json`, which lists
 * only the segments that were closed.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INDEX_FILE, type RecordingIndex } from '../recording/format';

/** Cuts the last segment of the recording in `dir` to `keep` of its bytes; returns its name. */
export function killRecorder(dir: string, keep = 0.6): string {
  const last = readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson.gz'))
    .sort()
    .at(-1)!;
  const bytes = readFileSync(join(dir, last));
  writeFileSync(join(dir, last), bytes.subarray(0, Math.floor(bytes.length * keep)));
  const index = JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8')) as RecordingIndex;
  const segments = index.segments.filter((s) => s.file !== last);
  writeFileSync(join(dir, INDEX_FILE), JSON.stringify({ ...index, segments }));
  return last;
}
