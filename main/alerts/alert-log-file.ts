/**
 * Reading the alert log's file back at start (alert-log.ts writes it). The file is outside
 * input like any other: a crash tears a line, a user edits it, a disk hands back junk, or the
 * path is something else than a file. So only its tail is read, within a bound, every entry
 * is checked field by field before the page shows it, and anything but a regular file is
 * refused, since opening a FIFO blocks until a writer comes (the app never started) and a
 * device such as `/dev/zero` never ends.
 */
import { open } from 'node:fs/promises';
import type { AlertEvent } from '../../protocol/alerts';
import { checkAlertRule } from '../../protocol/alert-check';
import { MAX_ID_CHARS, MAX_TIME_MS } from '../../protocol/limits';
import { refuseOtherThanFile } from '../host/json-file';

/**
 * Largest line read back, bytes. A logged alert is at most about 8 KB of JSON: a 500-character
 * note and three copies of a 256-character id, every character escaped as `\uXXXX` at worst.
 */
export const MAX_ALERT_LOG_LINE_BYTES = 16 * 1024;

/** Longest rule text a logged alert may carry: the grammar's line of a rule with the longest id. */
const MAX_ALERT_TEXT_CHARS = 1_024;

/** What the file held: its last entries, oldest first, and how to go on appending to it. */
export interface AlertLogFile {
  /** The valid entries of its last `2 × max` lines: all a log of that bound writes (alert-log.ts). */
  readonly entries: AlertEvent[];
  /** Lines in the file; past the log's bound, the next write rewrites it. */
  readonly lines: number;
  /** The file ends within a line: the next alert must start a line of its own. */
  readonly torn: boolean;
}

const empty = (): AlertLogFile => ({ entries: [], lines: 0, torn: false });

/**
 * The valid entries of the last `2 × max` lines of the log at `path`, which a log bounded at
 * `max` rewrites at that many: the log takes them through its shares again (a flooding rule's
 * later lines must not hide a quiet rule's alert written before them). A missing, unreadable or
 * other than regular file reads as empty (its writes then fail, each reported, and alerts still
 * reach the page). At most `max` lines of the largest size are read, from the end: that
 * holds `2 × max` lines of a logged alert's largest.
 */
export async function readAlertLogFile(path: string, max: number): Promise<AlertLogFile> {
  try {
    await refuseOtherThanFile(path);
  } catch {
    return empty();
  }
  let text: string;
  let cut: boolean;
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const length = Math.min(size, max * MAX_ALERT_LOG_LINE_BYTES);
      const { buffer, bytesRead } = await file.read(Buffer.alloc(length), 0, length, size - length);
      text = buffer.toString('utf8', 0, bytesRead);
      cut = length < size;
    } finally {
      await file.close();
    }
  } catch {
    return empty();
  }
  // A tail cut from a longer file starts within a line (or a character): that line is not whole.
  const start = cut ? text.indexOf('\n') + 1 : 0;
  const entries: AlertEvent[] = [];
  const keys = new Set<string>();
  let lines = 0;
  let end = text.length;
  // Newest first, from the end, so a file of millions of short lines costs only its count.
  while (end > start) {
    const from = Math.max(start, text.lastIndexOf('\n', end - 1) + 1);
    const line = text.slice(from, end);
    end = from - 1;
    if (line.trim() === '') continue;
    lines++;
    if (lines > 2 * max) continue;
    const entry = readEntry(line);
    // The page lists the log by firing time and id: a line there twice would be listed twice.
    const key = entry === null ? '' : `${entry.firedAt}:${entry.id}`;
    if (entry !== null && !keys.has(key)) {
      keys.add(key);
      entries.push(entry);
    }
  }
  return {
    entries: entries.reverse(),
    // A file beyond what was read is rewritten with what was kept at the next alert.
    lines: cut ? Number.POSITIVE_INFINITY : lines,
    torn: text !== '' && !text.endsWith('\n'),
  };
}

const isTime = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_TIME_MS;

/** One line as a logged alert with every field the page and the CSV use checked; else null. */
function readEntry(line: string): AlertEvent | null {
  let v: Partial<Record<keyof AlertEvent, unknown>>;
  try {
    v = JSON.parse(line) as typeof v;
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const rule = checkAlertRule(v.rule);
  const tick = readTick(v.tick);
  if (
    !rule.ok ||
    tick === undefined ||
    !Number.isSafeInteger(v.id) ||
    typeof v.text !== 'string' ||
    v.text.length > MAX_ALERT_TEXT_CHARS ||
    !isTime(v.firedAt) ||
    (v.replayPosition !== null && !isTime(v.replayPosition))
  )
    return null;
  return {
    id: v.id as number,
    rule: rule.value,
    text: v.text,
    tick,
    firedAt: v.firedAt,
    replayPosition: v.replayPosition,
  };
}

/** A logged alert's tick, null for a feed rule's; undefined when malformed. */
function readTick(v: unknown): AlertEvent['tick'] | undefined {
  if (v === null) return null;
  if (typeof v !== 'object') return undefined;
  const t = v as Record<string, unknown>;
  const valid =
    typeof t.instrument === 'string' &&
    t.instrument.length > 0 &&
    t.instrument.length <= MAX_ID_CHARS &&
    typeof t.seq === 'number' &&
    Number.isFinite(t.seq) &&
    isTime(t.ts) &&
    (t.value === null || (typeof t.value === 'number' && Number.isFinite(t.value)));
  return valid
    ? {
        instrument: t.instrument as string,
        seq: t.seq as number,
        ts: t.ts as number,
        value: t.value as number | null,
      }
    : undefined;
}
