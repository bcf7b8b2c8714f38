/**
 * A CPU hog at the lowest priority: one busy loop per core, for the "other processes take the
 * CPU" benches (issue 15, section 2).
 *
 * Lowest priority is more than `nice -n 19` on Linux with autogroup scheduling
 * (`/proc/sys/kernel/sched_autogroup_enabled`): the CPU is first shared fairly between
 * sessions' groups, and nice orders only the processes inside one group. Headless Chromium
 * starts in a session of its own, so a nice-19 loop in the bench's session still takes its
 * group's half of the machine from the page (measured: tick to pixel p99 ×3). So each loop
 * runs in its own session (`detached`), and its group is niced to 19 too, as a desktop's
 * background job would be.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';

const LOWEST_PRIORITY = 19;
/** A loop ends by itself after this long, or when the bench that started it is gone. */
const MAX_MS = 15 * 60_000;
const LOOP = `const parent = process.ppid, end = Date.now() + ${MAX_MS};
for (let i = 1; ; i++)
  if ((i & 0xfffff) === 0 && (process.ppid !== parent || Date.now() > end)) process.exit(0);`;

export interface CpuHog {
  stop(): Promise<void>;
}

export function startHog(): CpuHog {
  const children: ChildProcess[] = [];
  for (let core = 0; core < availableParallelism(); core++) {
    const child = spawn(process.execPath, ['-e', LOOP], { stdio: 'ignore', detached: true });
    children.push(child);
    setPriority(child.pid!, LOWEST_PRIORITY);
    try {
      writeFileSync(`/proc/${child.pid}/autogroup`, String(LOWEST_PRIORITY));
    } catch {
      // No autogroup (another OS, or the kernel's switch is off): nice alone is the priority.
    }
  }
  return {
    stop: async () => {
      await Promise.all(
        children.map(async (c) => {
          if (c.exitCode !== null || c.signalCode !== null) return;
          const exited = once(c, 'exit');
          c.kill('SIGKILL');
          await exited;
        }),
      );
    },
  };
}
