/**
 * Stats a file a recording names before it is read. Anything but a regular file is refused: a
 * device such as `/dev/zero` reports size 0 and never ends (the size bounds would not hold, and
 * reading it grows memory without limit), and opening a FIFO blocks until a writer comes.
 * `stat` follows symlinks, so a link to one is refused too.
 */
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** The file's stats; rejects when it cannot be stat'ed or is not a regular file. */
export async function statRegularFile(path: string): Promise<Stats> {
  const stats = await stat(path);
  if (!stats.isFile()) throw new Error('not a regular file');
  return stats;
}
