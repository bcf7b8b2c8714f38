/**
 * Decodes one segment file into entries, its lines read by ./segment-line.ts (framing checked
 * without parsing the message text); message content is validated by whoever consumes it.
 * A truncated gzip stream (the recorder was killed) is decoded up to its last whole line.
 * `warnings` name what a segment holds that is skipped; a cut is told by its recording.
 */
import { open, readFile } from 'node:fs/promises';
import { constants, gunzip, inflateRaw, type ZlibOptions } from 'node:zlib';
import { promisify } from 'node:util';
import {
  MAX_SEGMENT_FILE_BYTES,
  MAX_SEGMENT_TEXT_BYTES,
  RecordingError,
  type Entry,
  type SegmentHeader,
} from './format';
import { messageAt, parseLine, readHeader } from './segment-line';
import { statRegularFile } from './regular-file';

const gunzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gunzip);
const inflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(inflateRaw);
const MAX_NAMED_BAD_LINES = 3;
/** Output chunk of async gunzip: the 16 KiB default costs a thread-pool round trip per chunk. */
const GUNZIP_CHUNK_BYTES = 1024 * 1024;

/**
 * A decoded segment. `complete` is false when it lacks its end line: cut short, its recording's
 * reader warns (recording-cut.ts).
 */
export interface DecodedSegment {
  readonly header: SegmentHeader;
  readonly entries: Entry[];
  readonly complete: boolean;
  readonly warnings: string[];
  /**
   * Present while the segment is still being produced (an exchange recording's, translated as
   * it plays), whose `entries` grow in place: resolves true once entry `index` exists, false
   * once the segment is whole without it; rejects if producing it failed. Readers that walk
   * entries ask it before taking the end of `entries` for the end of the segment.
   */
  readonly entryReady?: (index: number) => Promise<boolean>;
}

/** Waits until `segment` holds an entry received after `t`, or is whole. */
export async function grownPast(segment: DecodedSegment, t: number): Promise<void> {
  const { entries } = segment;
  while ((entries.at(-1)?.t ?? -Infinity) <= t)
    if (!(await segment.entryReady?.(entries.length))) return;
}

/** Reads and decodes a segment file; throws {@link RecordingError} for foreign or corrupt files. */
export async function readSegment(path: string): Promise<DecodedSegment> {
  let buf: Buffer;
  try {
    const { size } = await statRegularFile(path);
    if (size > MAX_SEGMENT_FILE_BYTES) throw tooLarge(path, `is ${mib(size)} on disk`);
    buf = await readFile(path);
  } catch (err) {
    if (err instanceof RecordingError) throw err;
    throw new RecordingError('NOT_FOUND', path, `cannot read: ${(err as Error).message}`);
  }
  return decodeSegment(path, buf);
}

/** Decodes segment bytes (see {@link readSegment}). */
export async function decodeSegment(path: string, buf: Buffer): Promise<DecodedSegment> {
  const warnings: string[] = [];
  if (buf.length < 2 || buf[0] !== 0x1f || buf[1] !== 0x8b)
    throw new RecordingError('FOREIGN_FILE', path, 'not a gzip file, so not a Tickdeck segment');
  let text: string;
  try {
    text = await inflateSegment(path, buf, constants.Z_FINISH);
  } catch (err) {
    if ((err as { code?: string }).code !== 'Z_BUF_ERROR') throw err;
    // Z_SYNC_FLUSH as the finishing flush decodes a truncated stream up to where it stops.
    text = await inflateSegment(path, buf, constants.Z_SYNC_FLUSH);
  }
  // A partial last line is never data. A truncated stream, a partial line: the segment was cut
  // short, which it tells by lacking its end line (`complete`); its reader says so, once.
  text = text.slice(0, text.lastIndexOf('\n') + 1);
  const headerEnd = text.indexOf('\n');
  const header = readHeader(path, headerEnd < 0 ? undefined : text.slice(0, headerEnd), warnings);
  const entries: Entry[] = [];
  let complete = false;
  const bad: number[] = [];
  // Walks the text without splitting it: a message line costs one slice (its frame).
  let line = 1;
  for (let pos = headerEnd + 1; pos < text.length; line++) {
    const nl = text.indexOf('\n', pos);
    const message = messageAt(text, pos, nl);
    if (message) entries.push(message);
    else {
      const entry = parseLine(text.slice(pos, nl));
      if (entry === 'end') {
        complete = true;
        break;
      }
      if (entry) entries.push(entry);
      else bad.push(line + 1);
    }
    pos = nl + 1;
  }
  if (bad.length > 0)
    warnings.push(
      `${path}: skipped ${bad.length} unreadable line(s) (line ${bad
        .slice(0, MAX_NAMED_BAD_LINES)
        .join(', ')}${bad.length > MAX_NAMED_BAD_LINES ? ', ...' : ''})`,
    );
  return { header, entries, complete, warnings };
}

/**
 * Gunzips a segment, at most MAX_SEGMENT_TEXT_BYTES of it. Throws a RecordingError for damaged
 * or oversized data, and the zlib error itself for a truncated stream (Z_BUF_ERROR).
 */
async function inflateSegment(path: string, buf: Buffer, finishFlush: number): Promise<string> {
  try {
    const text = await gunzipAsync(buf, {
      chunkSize: GUNZIP_CHUNK_BYTES,
      finishFlush,
      maxOutputLength: MAX_SEGMENT_TEXT_BYTES,
    });
    return text.toString('utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(path, 'inflates to more than that');
    if (code === 'Z_BUF_ERROR' && finishFlush === constants.Z_FINISH) throw err;
    throw new RecordingError('CORRUPT', path, `gzip data is damaged (${(err as Error).message})`);
  }
}

function tooLarge(path: string, what: string): RecordingError {
  return new RecordingError(
    'TOO_LARGE',
    path,
    `${what}; a segment holds at most ${mib(MAX_SEGMENT_TEXT_BYTES)} of text (damaged or not a Tickdeck recording)`,
  );
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * Reads the entries between two restart points of a segment (see `CheckpointRef.deflateOffset`)
 * without decoding what precedes them; `to` undefined reads to the end of the file. Returns
 * null when the bytes there do not inflate (the caller decodes the whole segment instead).
 */
export async function readFromRestartPoint(
  path: string,
  from: number,
  to: number | undefined,
): Promise<Entry[] | null> {
  const file = await open(path, 'r');
  let text: string;
  try {
    // The offsets come from index.json: only a span inside this file, of a sane size, is read.
    const { size } = await file.stat();
    const end = to ?? size;
    const inFile = Number.isSafeInteger(from) && Number.isSafeInteger(end) && end <= size;
    if (!inFile || from < 0 || from >= end || end - from > MAX_SEGMENT_FILE_BYTES) return null;
    const buf = Buffer.alloc(end - from);
    await file.read(buf, 0, buf.length, from);
    text = (
      await inflateRawAsync(buf, {
        chunkSize: GUNZIP_CHUNK_BYTES,
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: MAX_SEGMENT_TEXT_BYTES,
      })
    ).toString('utf8');
  } catch {
    return null;
  } finally {
    await file.close();
  }
  const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n');
  lines.pop();
  const entries: Entry[] = [];
  for (const line of lines) {
    const e = parseLine(line);
    if (e === 'end') break;
    if (e) entries.push(e);
  }
  return entries[0]?.kind === 'checkpoint' ? entries : null;
}
