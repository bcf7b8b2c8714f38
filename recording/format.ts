/**
 * The Tickdeck recording format, version 1 (docs/RECORDING.md is the spec): a folder of gzip NDJSON
 * segments plus `index.json`. Every line is a JSON object; message lines keep the frame's text
 * verbatim after `"m":` so a replay sends exactly what was received.
 */
import type { Instrument, SnapshotMessage } from '../protocol/feed';

/** Value of `format` in headers and the index; anything else is a foreign file. */
export const RECORDING_FORMAT = 'tickdeck-recording';
/** The format version this code writes and reads. */
export const RECORDING_VERSION = 1;
/** Name of the index file inside a recording folder. */
export const INDEX_FILE = 'index.json';
/** Segment file names: `segment-000000.ndjson.gz`, numbered from 0 with no holes. */
export const SEGMENT_PATTERN = /^segment-(\d{6})\.ndjson\.gz$/;

/** Recorded time between two checkpoints (full snapshots of every instrument), ms. */
export const CHECKPOINT_INTERVAL_MS = 5_000;
/** Longest wall time between flushes to disk, ms: a killed recorder loses at most this much. */
export const FLUSH_INTERVAL_MS = 250;
/** A segment closes when it holds this much recorded time, ms... */
export const SEGMENT_MAX_MS = 60_000;
/** ...or this many uncompressed bytes, whichever comes first. */
export const SEGMENT_MAX_BYTES = 8 * 1024 * 1024;
/**
 * Largest frame recorded as a message line, bytes of text (the app's feed client accepts up to
 * 16 MiB); a larger one is kept as a `gap` marker, so no segment outgrows the reader's bound.
 */
export const MAX_RECORDED_FRAME_BYTES = 16 * 1024 * 1024;
/**
 * Most text a reader inflates from one segment, bytes: a full segment plus one maximal frame
 * plus a checkpoint of some 100,000 instruments. Anything more is refused (a gzip bomb), so a
 * hostile segment costs at most this much memory.
 */
export const MAX_SEGMENT_TEXT_BYTES = 64 * 1024 * 1024;
/** Largest segment file read, bytes: gzip never grows text by more than a small fraction. */
export const MAX_SEGMENT_FILE_BYTES = MAX_SEGMENT_TEXT_BYTES + 1024 * 1024;
/** Largest `index.json` read, bytes; a larger one is ignored and the segments are scanned. */
export const MAX_INDEX_BYTES = 64 * 1024 * 1024;

/** The file name of segment `n`. */
export function segmentFileName(n: number): string {
  return `segment-${String(n).padStart(6, '0')}.ndjson.gz`;
}

/** First line of every segment. */
export interface SegmentHeader {
  readonly k: 'header';
  readonly format: typeof RECORDING_FORMAT;
  readonly version: number;
  readonly segment: number;
  /** Where the data came from: a feed URL or a free-text label. */
  readonly source: string;
  /**
   * The exchange feed target (`kraken:BTC/USD`) whose raw messages the message lines hold;
   * absent when they are Tickdeck protocol frames. A replay runs them through that adapter.
   */
  readonly feed?: string;
  /** When the recording (not this segment) started, epoch ms. */
  readonly start: number;
  /** Instruments known when the segment opened (from the last `hello` seen). */
  readonly instruments: readonly Instrument[];
}

/** Connection events written as marker lines. */
export type MarkEvent = 'connected' | 'disconnected' | 'gap';

/** One decoded line of a segment (the header and end lines are not entries). */
export type Entry =
  | { readonly kind: 'message'; readonly t: number; readonly raw: string }
  | {
      readonly kind: 'checkpoint';
      readonly t: number;
      readonly snapshots: readonly SnapshotMessage[];
    }
  | {
      readonly kind: 'mark';
      readonly t: number;
      readonly event: MarkEvent;
      readonly instrument?: string;
      readonly detail?: string;
    };

/** A checkpoint's place in its segment: `line` counts from 0 (the header), `offset` in bytes. */
export interface CheckpointRef {
  readonly t: number;
  readonly line: number;
  readonly offset: number;
  /**
   * Byte offset in the segment file where the deflate stream restarts at this checkpoint (the
   * writer issues a Z_FULL_FLUSH just before it): raw-inflating from here reads the checkpoint
   * without decoding what precedes it. Absent in indexes rebuilt by scanning.
   */
  deflateOffset?: number;
}

/** What the index says about one segment. */
export interface SegmentInfo {
  readonly file: string;
  readonly segment: number;
  /** Receive time of the first and last line, epoch ms. */
  readonly start: number;
  readonly end: number;
  readonly lines: number;
  readonly messages: number;
  /** Uncompressed and on-disk sizes. */
  readonly bytes: number;
  readonly compressedBytes: number;
  readonly checkpoints: readonly CheckpointRef[];
  /** First and last tick/snapshot `seq` seen per instrument. */
  readonly seq: Readonly<Record<string, readonly [number, number]>>;
}

/** Contents of `index.json`, rewritten (atomically) each time a segment closes. */
export interface RecordingIndex {
  readonly format: typeof RECORDING_FORMAT;
  readonly version: number;
  readonly source: string;
  /** As in {@link SegmentHeader.feed}. */
  readonly feed?: string;
  readonly start: number;
  readonly instruments: readonly Instrument[];
  readonly segments: readonly SegmentInfo[];
}

/** Why a recording cannot be read. */
export type RecordingErrorCode =
  | 'NOT_FOUND'
  | 'NOT_A_RECORDING'
  | 'FOREIGN_FILE'
  | 'UNSUPPORTED_VERSION'
  | 'CORRUPT'
  /** Segments holding nothing after their headers: a source that sent nothing while recorded. */
  | 'NO_DATA'
  | 'TOO_LARGE'
  /** An exchange's own messages, replayed only where the exchange adapters are (the app). */
  | 'NEEDS_ADAPTERS';

/** A recording that cannot be read: `file` names the folder or file, the message the problem. */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
  constructor(
    readonly code: RecordingErrorCode,
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** The text of a message line: the frame is kept verbatim. */
export function messageLine(t: number, raw: string): string {
  return `{"t":${t},"m":${raw}}\n`;
}
