/**
 * The alert log: every alert fired, newest first, kept in a file next to the settings so it
 * survives restarts and crashes. Each alert is appended as one JSON line and synced to disk
 * before the append resolves (the host delivers it to the page after that), so an alert the
 * user saw is never lost. Appends that arrive while a write is on its way go out together in
 * the next one (group commit): a burst of a thousand alerts costs a few syncs, not a thousand
 * one after another, each holding back the toasts behind it. Reading it back at start is
 * alert-log-file.ts (a torn or malformed line skipped, the tail only). Bounded, the room shared
 * between rules (protocol/alert-log-shares.ts: a flooding rule loses its own oldest, not the
 * others' alerts): the file is rewritten atomically with the entries kept once it holds twice
 * the bound, and reading it back keeps what the log kept.
 *
 * The file stays open, for appending in synchronous mode (`as`: O_APPEND | O_SYNC), so a group
 * is one write that returns once it is on disk. It used to be four operations one after
 * another (open, append, fsync, close), and each waited for a turn of the host's event loop,
 * which is busy sending batches: on the alert's path to the page (docs/PERFORMANCE.md, "Tick
 * to toast in the page").
 */
import { fstatSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { AlertEvent } from '../../protocol/alerts';
import { AlertLogShares } from '../../protocol/alert-log-shares';
import { serialQueue } from '../../shared/serial-queue';
import { refuseOtherThanFile, writeTextFileAtomic } from '../host/json-file';
import { readAlertLogFile } from './alert-log-file';

/** Most alerts the log keeps. */
export const MAX_ALERT_LOG_ENTRIES = 1_000;

export interface AlertLog {
  /** Newest first. */
  entries(): readonly AlertEvent[];
  /** Adds an alert; resolves once it is on disk. */
  append(event: AlertEvent): Promise<void>;
  clear(): Promise<void>;
  /** Closes the file once the writes asked for are done; the log is not used after. */
  close(): Promise<void>;
}

/** Opens the log at `path` (null: in memory only, for tests and a run without a settings file). */
export async function openAlertLog(
  path: string | null,
  max: number = MAX_ALERT_LOG_ENTRIES,
): Promise<AlertLog> {
  const read = path === null ? null : await readAlertLogFile(path, max);
  const entries = new AlertLogShares(max);
  for (const e of read?.entries ?? []) entries.add(e);
  let lines = read?.lines ?? 0;
  // A crash mid-append leaves a line without its end: the next alert must start a line of its own.
  let torn = read?.torn ?? false;
  // One file operation at a time, in call order: an append never races a rewrite.
  const queue = serialQueue();
  // The group of appends still filling: queued, its write not yet begun.
  let filling: { readonly events: AlertEvent[]; readonly written: Promise<void> } | null = null;
  const serial = (op: () => Promise<void>): Promise<void> => {
    // An append after this operation (a clear) must not join a group written before it.
    filling = null;
    return queue(op);
  };
  const line = (e: AlertEvent) => `${JSON.stringify(e)}\n`;
  let file: FileHandle | null = null;
  const closeFile = async (): Promise<void> => {
    const was = file;
    file = null;
    await was?.close();
  };
  const rewrite = async (kept: readonly AlertEvent[]): Promise<void> => {
    if (path === null) return;
    // The rename replaces the file: a handle on the old one would append to a file no longer
    // there (and Windows refuses to rename over an open file).
    await closeFile();
    await writeTextFileAtomic(path, kept.map(line).join(''));
    lines = kept.length;
    torn = false;
  };

  const write = async (events: readonly AlertEvent[]): Promise<void> => {
    if (path === null) return;
    // The entries kept: this group's last is the newest (later appends join the next group).
    if (lines + events.length > 2 * max) return rewrite(entries.oldestFirst());
    const text = events.map(line).join('');
    // A file deleted or moved while open would take the alerts nowhere the next start reads:
    // the path is opened afresh, as the log did per group before. fstat of an open handle is a
    // kernel lookup with no disk access, so it is called in place, not as one more turn.
    if (file !== null && fstatSync(file.fd).nlink === 0) await closeFile();
    if (file === null) {
      // Opening a FIFO for writing blocks until a reader comes: every alert after would wait.
      await refuseOtherThanFile(path);
      file = await open(path, 'as');
    }
    try {
      await file.appendFile(`${torn ? '\n' : ''}${text}`, 'utf8');
    } catch (err) {
      await closeFile().catch(() => undefined); // the next group tries a fresh handle
      throw err;
    }
    torn = false;
    lines += events.length;
  };

  return {
    entries: () => entries.newestFirst(),
    append(event) {
      entries.add(event);
      if (filling === null) {
        const events: AlertEvent[] = [];
        const group = {
          events,
          written: serial(() => {
            if (filling === group) filling = null;
            return write(events);
          }),
        };
        filling = group;
      }
      filling.events.push(event);
      return filling.written;
    },
    clear() {
      entries.clear();
      return serial(() => rewrite([]));
    },
    close: () => serial(closeFile),
  };
}

/** A text cell that a spreadsheet cannot take for a formula, quoted for CSV. */
function textCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

const iso = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '' : new Date(ms).toISOString();

/** The log as CSV, newest first, one alert a row. */
export function alertLogCsv(entries: readonly AlertEvent[]): string {
  const header = 'fired_at,rule_id,rule,instrument,seq,tick_time,value,replay_position,note';
  const rows = entries.map((e) =>
    [
      iso(e.firedAt),
      textCell(e.rule.id),
      textCell(e.text),
      textCell(e.tick?.instrument ?? ''),
      e.tick?.seq ?? '',
      iso(e.tick?.ts),
      e.tick?.value ?? '',
      iso(e.replayPosition),
      textCell(e.rule.note),
    ].join(','),
  );
  return `${[header, ...rows].join('\r\n')}\r\n`;
}
