/**
 * What tells a process apart from a later one given the same pid (bug 179): a host killed by a
 * crash leaves its lock naming its pid, and once the pid is given to another process that lock
 * looked held for as long as that process ran. On Linux a process's start, in clock ticks since
 * boot, is field 22 of `/proc/<pid>/stat`, read without running anything; the boot's id comes
 * with it, since early-boot processes take the same pids and ticks boot after boot. Elsewhere
 * (macOS, Windows) Node has nothing as cheap (it would take running `ps` or `wmic`): null, and
 * the pid alone is compared, as before.
 */
import { readFileSync } from 'node:fs';

/** Reads a small file of the system's (`/proc`); throws when it is not there. */
export type ReadText = (path: string) => string;

const readProcFile: ReadText = (path) => readFileSync(path, 'utf8');

/** The longest start this app writes or reads: a boot id (36) and up to 20 digits. */
export const START_MAX_CHARS = 64;

/** The fields of `/proc/<pid>/stat` after the command's `)`: the first is field 3. */
const FIRST_FIELD_AFTER_COMMAND = 3;
const START_TIME_FIELD = 22;

/**
 * The start of process `pid` as `<boot id>/<ticks>`, or null when it cannot be read (no
 * `/proc`, the process gone or hidden, a line not as the kernel writes it).
 */
export function processStartOf(pid: number, read: ReadText = readProcFile): string | null {
  try {
    const stat = read(`/proc/${pid}/stat`);
    const boot = read('/proc/sys/kernel/random/boot_id').trim();
    // The command, in parentheses, may itself hold spaces and `)`: the fields follow the last.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 1)
      .trim()
      .split(/\s+/);
    const ticks = fields[START_TIME_FIELD - FIRST_FIELD_AFTER_COMMAND];
    if (ticks === undefined || !/^\d{1,20}$/.test(ticks) || !/^[0-9a-f-]{1,36}$/.test(boot))
      return null;
    return `${boot}/${ticks}`;
  } catch {
    return null;
  }
}
