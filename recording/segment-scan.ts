/**
 * What a segment the index does not list says of itself once decoded: its index entry, rebuilt
 * from its entries, and the instruments its last valid hello named.
 */
import { decodeServerMessage } from '../protocol/decode';
import type { Instrument } from '../protocol/feed';
import type { CheckpointRef, Entry, SegmentInfo } from './format';
import type { DecodedSegment } from './segment-reader';

/** Segment `n`'s index entry from its decoded entries; `size` is the file's, on disk. */
export function scanInfo(file: string, n: number, seg: DecodedSegment, size: number): SegmentInfo {
  const { entries } = seg;
  const checkpoints: CheckpointRef[] = [];
  let messages = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.kind === 'message') messages++;
    // Byte offsets are unknown after a scan; -1 says so. Lines count from the header (0).
    else if (e.kind === 'checkpoint') checkpoints.push({ t: e.t, line: i + 1, offset: -1 });
  }
  return {
    file,
    segment: n,
    start: entries[0]?.t ?? seg.header.start,
    end: entries[entries.length - 1]?.t ?? seg.header.start,
    lines: entries.length,
    messages,
    bytes: -1,
    compressedBytes: size,
    checkpoints,
    seq: {},
  };
}

/** The instruments of the last hello in `entries` that the protocol accepts, or null. */
export function helloInstruments(entries: readonly Entry[]): readonly Instrument[] | null {
  let found: readonly Instrument[] | null = null;
  for (const e of entries) {
    if (e.kind !== 'message' || !e.raw.startsWith('{"op":"hello"')) continue;
    // Only a hello the protocol accepts: its instruments become the replay's own hello.
    const decoded = decodeServerMessage(e.raw);
    if (decoded.ok && decoded.value.op === 'hello') found = decoded.value.instruments;
  }
  return found;
}
