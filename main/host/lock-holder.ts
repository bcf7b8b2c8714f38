/**
 * Who holds a settings lock (./settings-lock.ts), as written in it, and whether that process is
 * still there. Everything read from the file is bounded: a lock is any file a user or another
 * program may have left, and a pid of 0 or -1 is, to `kill`, every process of the group or of
 * the machine, alive for good.
 */
import { hostname } from 'node:os';
import { START_MAX_CHARS, processStartOf } from './process-start';

/** Who holds a lock: written in it as JSON. */
export interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  /** The process's start (./process-start.ts); absent where none can be read, and in old locks. */
  readonly start?: string;
}

/** The largest pid taken: Linux's is 2^22, Windows' a 32-bit number Node keeps under 2^31. */
const PID_MAX = 0x7fff_ffff;
/** A host name is at most 255 characters (RFC 1035); `since` an ISO time. */
const HOST_MAX_CHARS = 255;
const SINCE_MAX_CHARS = 40;

const boundedText = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** This process, as its lock names it. */
export function thisHolder(): Holder {
  const start = processStartOf(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    ...(start !== null && { start }),
  };
}

/** The holder a lock's text names, or null when it is not a lock this app wrote. */
export function readHolder(text: string): Holder | null {
  let v: Partial<Record<keyof Holder, unknown>>;
  try {
    v = JSON.parse(text) as typeof v;
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { pid, host, since, start } = v;
  if (!Number.isInteger(pid) || (pid as number) < 1 || (pid as number) > PID_MAX) return null;
  if (!boundedText(host, HOST_MAX_CHARS) || !boundedText(since, SINCE_MAX_CHARS)) return null;
  if (start !== undefined && !boundedText(start, START_MAX_CHARS)) return null;
  return { pid: pid as number, host, since, ...(start !== undefined && { start }) };
}

/**
 * True unless `holder` is known to be gone: its pid is free, or (bug 179) given since to a
 * process that started at another time. A process on another machine cannot be asked; an old
 * lock, or one written where no start can be read, is judged by its pid alone.
 */
export function alive(holder: Holder, startOf = processStartOf): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // another user's process
  }
  if (holder.start === undefined) return true;
  const now = startOf(holder.pid);
  return now === null || now === holder.start;
}
