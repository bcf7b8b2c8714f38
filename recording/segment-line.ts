/**
 * The lines of a segment: its header (the format and version it is written in), and the
 * framing of every line after it (`{"t":<time>,...}`), checked without parsing a message's
 * text, the hot path of replay. Message content is validated by whoever consumes it.
 */
import type { SnapshotMessage } from '../protocol/feed';
import { MAX_TIME_MS } from '../protocol/limits';
import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  RecordingError,
  type Entry,
  type SegmentHeader,
} from './format';
import { instrumentList } from './index-check';

/**
 * The header of the segment at `path` from its first line; throws for a foreign file. Its
 * instruments, when not a list a hello may carry, are dropped with a warning in `warnings`.
 */
export function readHeader(
  path: string,
  line: string | undefined,
  warnings: string[],
): SegmentHeader {
  let header: Partial<SegmentHeader> | undefined;
  try {
    header = line === undefined ? undefined : (JSON.parse(line) as Partial<SegmentHeader>);
  } catch {
    header = undefined;
  }
  if (!header || header.k !== 'header' || header.format !== RECORDING_FORMAT)
    throw new RecordingError(
      'FOREIGN_FILE',
      path,
      line === undefined
        ? 'empty segment: no header line'
        : `first line is not a ${RECORDING_FORMAT} header`,
    );
  if (header.version !== RECORDING_VERSION)
    throw new RecordingError(
      'UNSUPPORTED_VERSION',
      path,
      `format version ${String(header.version)}; this Tickdeck reads version ${RECORDING_VERSION}`,
    );
  if (instrumentList(header.instruments) === null) {
    warnings.push(`${path}: the header's instruments are not a valid list; ignored`);
    return { ...header, instruments: [] } as SegmentHeader;
  }
  return header as SegmentHeader;
}

/** The message line spanning text[pos, nl), or null when it is another kind (or not framed). */
export function messageAt(text: string, pos: number, nl: number): Entry | null {
  // `{"t":` then the time then `,"m":` then the frame then `}`.
  if (text.charCodeAt(nl - 1) !== 125 || !text.startsWith('{"t":', pos)) return null;
  let t = 0;
  let i = pos + 5;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i))
    t = t * 10 + c - 48;
  if (i === pos + 5 || t > MAX_TIME_MS || !text.startsWith(',"m":', i)) {
    // Not a plain integer time in range (or not a message): the general parser decides.
    return null;
  }
  return { kind: 'message', t, raw: text.slice(i + 5, nl - 1) };
}

/** Parses one line: an entry, 'end', or null when the line is not valid framing. */
export function parseLine(line: string): Entry | 'end' | null {
  if (!line.startsWith('{"t":') || line.charCodeAt(line.length - 1) !== 125) return null;
  const comma = line.indexOf(',', 5);
  if (comma < 0) return null;
  const time = line.slice(5, comma);
  // A JSON number only: Number() alone reads '' and ' ' as 0 and takes hex and binary.
  if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(time)) return null;
  const t = Number(time);
  // Beyond a Date's range a time cannot be shown or compared with the protocol's times.
  if (!(Math.abs(t) <= MAX_TIME_MS)) return null;
  // Fast path: `{"t":<n>,"m":<frame>}` keeps the frame's text without parsing it.
  if (line.startsWith(',"m":', comma))
    return { kind: 'message', t, raw: line.slice(comma + 5, -1) };
  let o: {
    k?: unknown;
    snapshots?: unknown;
    event?: unknown;
    instrument?: unknown;
    detail?: unknown;
  };
  try {
    o = JSON.parse(line) as typeof o;
  } catch {
    return null;
  }
  if (o.k === 'end') return 'end';
  if (o.k === 'checkpoint' && Array.isArray(o.snapshots))
    return { kind: 'checkpoint', t, snapshots: o.snapshots as SnapshotMessage[] };
  if (
    o.k !== 'mark' ||
    !(o.event === 'connected' || o.event === 'disconnected' || o.event === 'gap')
  )
    return null;
  return {
    kind: 'mark',
    t,
    event: o.event,
    ...(typeof o.instrument === 'string' ? { instrument: o.instrument } : {}),
    ...(typeof o.detail === 'string' ? { detail: o.detail } : {}),
  };
}
