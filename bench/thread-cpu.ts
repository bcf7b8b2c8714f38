/**
 * CPU time of this process's main thread alone, for benches that compare runs in one process:
 * the process's figure (`process.cpuUsage`) also counts V8's helper threads (concurrent marking,
 * parallel scavenges, the optimising compiler), whose work lands in whichever run is going when
 * they do it — garbage of the run before, code compiled for it — so it moves from pair to pair.
 * Linux only (/proc/self/task/<tid>/stat); elsewhere null, and the bench says so.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Clock ticks a second in /proc's utime and stime (USER_HZ, 100 on every Linux we run). */
const USER_HZ = 100;

/** The main thread's user + system CPU so far, ms (10 ms resolution); null off Linux. */
export function mainThreadCpuMs(): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces) closed by ')': utime is the 14th
  // field of the line, the 12th after it; stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`unreadable /proc stat line: ${stat}`);
  return (ticks * 1_000) / USER_HZ;
}

/**
 * A full garbage collection, without `--expose-gc` on the command line: so a run in a series
 * does not collect the run before's garbage on its own time.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
