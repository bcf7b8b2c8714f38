/**
 * A recording's decoded segments kept in memory: at most SEGMENT_CACHE of them, so reading one
 * and prefetching the next (gunzip runs on the thread pool, overlapping the reader's work)
 * never holds the whole recording.
 */
import { join } from 'node:path';
import { readSegment, type DecodedSegment } from './segment-reader';

/** Decoded segments kept in memory (the current one, the prefetched next, one spare). */
const SEGMENT_CACHE = 3;

/** Decodes segment `i` of `files` (names in `dir`), or hands back the decoding kept. */
export function segmentCache(
  dir: string,
  files: readonly string[],
): (i: number) => Promise<DecodedSegment> {
  const cache = new Map<number, Promise<DecodedSegment>>();
  return (i) => {
    let seg = cache.get(i);
    if (!seg) {
      seg = readSegment(join(dir, files[i]!));
      seg.catch(() => {}); // a prefetch nobody awaits must not be an unhandled rejection
      cache.set(i, seg);
      if (cache.size > SEGMENT_CACHE) cache.delete(cache.keys().next().value!);
    }
    return seg;
  };
}
