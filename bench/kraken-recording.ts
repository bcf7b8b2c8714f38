/**
 * Writes a large Kraken recording fast, for the replay bench's 1 GB case: the real writer
 * spends ~20 µs a message on bookkeeping (a 1 GB recording would take most of an hour on a
 * small machine), so this writes the documented format (docs/RECORDING.md) itself, a segment
 * at a time, from a template of real-shaped ticker updates built once. Every segment holds the
 * template's varied bodies again with their receive times and `timestamp`s rewritten, so times
 * rise through the whole recording and each segment compresses like the others.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  SEGMENT_MAX_BYTES,
  segmentFileName,
} from '../recording/format';
/** Distinct message bodies in the template (about one segment's worth). */
const TEMPLATE_MESSAGES = 25_000;
const FEED = 'kraken:ALGO/USD';

/** A deterministic generator in [0, 1), so every run writes the same recording. */
function seededRandom(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x80000000;
}

/**
 * Ticker updates as Kraken v2 sends them, prices on a random walk and sizes varied, without
 * their closing `timestamp` value (written per message).
 */
function templateBodies(): string[] {
  const random = seededRandom(42);
  const bodies: string[] = [];
  let mid = 0.1;
  let volume = 997_038.98383185;
  for (let n = 0; n < TEMPLATE_MESSAGES; n++) {
    mid *= 1 + (random() - 0.5) * 1e-3;
    volume += random() * 10;
    const bid = mid.toFixed(5);
    const item =
      `{"symbol":"ALGO/USD","bid":${bid},"bid_qty":${(random() * 5_000).toFixed(8)},` +
      `"ask":${(mid + 1e-4).toFixed(5)},"ask_qty":${(random() * 5_000).toFixed(8)},` +
      `"last":${bid},"volume":${volume.toFixed(8)},"vwap":${(mid * 1.01).toFixed(5)},` +
      `"low":0.09979,"high":0.10285,"change":${(mid - 0.1).toFixed(5)},` +
      `"change_pct":${((mid / 0.1 - 1) * 100).toFixed(2)},"timestamp":"`;
    bodies.push(`{"channel":"ticker","type":"update","data":[${item}`);
  }
  return bodies;
}

/** What {@link writeKrakenRecording} wrote. */
export interface WrittenRecording {
  readonly messages: number;
  readonly segments: number;
  /** On-disk bytes of the segments. */
  readonly bytes: number;
}

/**
 * Writes a Kraken recording of at least `targetBytes` on disk into `dir` (created), one
 * message a millisecond from `t0`, and its `index.json`.
 */
export function writeKrakenRecording(
  dir: string,
  targetBytes: number,
  t0 = 1_764_100_000_000,
): WrittenRecording {
  mkdirSync(dir, { recursive: true });
  const bodies = templateBodies();
  const segments: object[] = [];
  let t = t0;
  let bytes = 0;
  let messages = 0;
  // toISOString once a second; the milliseconds are spliced in.
  let isoSecond = -1;
  let isoPrefix = '';
  while (bytes < targetBytes) {
    const segment = segments.length;
    const file = segmentFileName(segment);
    const header = { k: 'header', format: RECORDING_FORMAT, version: RECORDING_VERSION, segment };
    const headerLine = `${JSON.stringify({ ...header, source: FEED, feed: FEED, start: t0, instruments: [] })}\n`;
    const lines = [headerLine];
    let textBytes = headerLine.length;
    const start = t;
    let n = 0;
    while (textBytes < SEGMENT_MAX_BYTES) {
      const second = Math.floor(t / 1000);
      if (second !== isoSecond) {
        isoSecond = second;
        isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
      }
      const ms = String(t % 1000).padStart(3, '0');
      const line = `{"t":${t},"m":${bodies[n++ % bodies.length]}${isoPrefix}${ms}000Z"}]}}\n`;
      lines.push(line);
      textBytes += line.length;
      t++;
    }
    const end = t - 1;
    lines.push(`${JSON.stringify({ t: end, k: 'end' })}\n`);
    // ASCII only, so latin1 is the UTF-8 bytes (and much faster to encode).
    const text = Buffer.from(lines.join(''), 'latin1');
    // The writer's own level, so the bytes per message are the app's.
    const gz = gzipSync(text, { level: constants.Z_BEST_SPEED });
    writeFileSync(join(dir, file), gz);
    const count = lines.length - 2;
    segments.push({
      file,
      segment,
      start,
      end,
      lines: count + 1, // the header and the messages; the end line is not counted
      messages: count,
      bytes: text.length,
      compressedBytes: gz.length,
      checkpoints: [],
      seq: {},
    });
    bytes += gz.length;
    messages += count;
  }
  const index = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    source: FEED,
    feed: FEED,
    start: t0,
    instruments: [],
    segments,
  };
  writeFileSync(join(dir, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
  return { messages, segments: segments.length, bytes };
}
