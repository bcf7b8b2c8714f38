/**
 * Checks the fields of a parsed `index.json` (a file, so untrusted): every count, size, offset
 * and time has the type and range the writer produces, so the reader can size buffers and seek
 * by them. Returns the first problem, naming the field, or null.
 */
import { instrument } from '../protocol/decode-data';
import { Invalid } from '../protocol/decode-fields';
import type { Instrument } from '../protocol/feed';
import { MAX_INSTRUMENTS } from '../protocol/limits';
import { SEGMENT_PATTERN, segmentFileName } from './format';

type Obj = Record<string, unknown>;

/** Latest time accepted, epoch ms (the end of JavaScript's Date range). */
const MAX_TIME_MS = 8.64e15;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isTime = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_TIME_MS;

/** The first invalid field of an index whose format and version were already checked. */
export function indexProblem(index: Obj): string | null {
  if (!isTime(index.start)) return 'start: expected a time in epoch ms';
  if (instrumentList(index.instruments) === null)
    return 'instruments: expected a list of instruments';
  if (!Array.isArray(index.segments)) return 'segments: expected a list';
  for (let i = 0; i < index.segments.length; i++) {
    const problem = segmentProblem(index.segments[i]);
    if (problem) return `segments[${i}]${problem}`;
  }
  return null;
}

/**
 * `value` typed, when it is a list of instruments a `hello` may carry (the protocol decoder's
 * rules); else null. The index's and a header's list become a replay's hello, which a client
 * would refuse, and the replay server itself reads them as instruments.
 */
export function instrumentList(value: unknown): readonly Instrument[] | null {
  if (!Array.isArray(value) || value.length > MAX_INSTRUMENTS) return null;
  try {
    value.forEach((v, i) => instrument(v, `instruments[${i}]`));
  } catch (err) {
    if (err instanceof Invalid) return null;
    throw err;
  }
  return value as Instrument[];
}

function segmentProblem(v: unknown): string | null {
  if (!isObj(v)) return ': expected an object';
  const file = typeof v.file === 'string' ? SEGMENT_PATTERN.exec(v.file) : null;
  if (!file) return `.file: expected a segment file name (${segmentFileName(0)})`;
  if (v.segment !== Number(file[1])) return '.segment: expected the number in its file name';
  if (!isTime(v.start) || !isTime(v.end) || v.start > v.end)
    return '.start, .end: expected times in epoch ms, start <= end';
  if (!isCount(v.lines)) return '.lines: expected a count';
  if (!isCount(v.messages) || v.messages > v.lines)
    return '.messages: expected a count no larger than lines';
  // -1: unknown (the entry was rebuilt by scanning).
  const bytes = v.bytes;
  if (!Number.isSafeInteger(bytes) || (bytes as number) < -1)
    return '.bytes: expected a size in bytes, or -1';
  if (!isCount(v.compressedBytes)) return '.compressedBytes: expected a size in bytes';
  if (!isObj(v.seq) || !Object.values(v.seq).every(isSeqRange))
    return '.seq: expected [first, last] seq per instrument';
  if (!Array.isArray(v.checkpoints) || v.checkpoints.length > v.lines)
    return '.checkpoints: expected a list, at most one per line';
  let lastDeflate = -1;
  for (let c = 0; c < v.checkpoints.length; c++) {
    const cp: unknown = v.checkpoints[c];
    const at = `.checkpoints[${c}]`;
    if (!isObj(cp)) return `${at}: expected an object`;
    if (!isTime(cp.t) || cp.t < v.start || cp.t > v.end)
      return `${at}.t: expected a time within the segment's start and end`;
    if (!isCount(cp.line) || cp.line >= v.lines)
      return `${at}.line: expected a line number below lines`;
    if (!Number.isSafeInteger(cp.offset) || (cp.offset as number) < -1)
      return `${at}.offset: expected a byte offset, or -1`;
    if ((cp.offset as number) > (bytes as number) && (bytes as number) >= 0)
      return `${at}.offset: beyond the segment's ${bytes as number} bytes`;
    if (cp.deflateOffset === undefined) continue;
    if (
      !isCount(cp.deflateOffset) ||
      cp.deflateOffset <= lastDeflate ||
      cp.deflateOffset > v.compressedBytes
    )
      return `${at}.deflateOffset: expected increasing file offsets within compressedBytes`;
    lastDeflate = cp.deflateOffset;
  }
  return null;
}

function isSeqRange(v: unknown): boolean {
  return Array.isArray(v) && v.length === 2 && v.every((n) => Number.isSafeInteger(n));
}
