/**
 * Bug 150: one host per settings file. Real hosts (embedded simulator) on one file in a temp
 * folder: a second is refused, naming the file and the process, and the first goes on saving;
 * a lock left by a process that is gone is taken over.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../protocol/settings';
import { StartError, createAppHost, type AppHost } from './host';
import { processStartOf } from './process-start';
import { lockPathOf, lockSettings } from './settings-lock';

let dir: string;
let settingsPath: string;
const hosts: AppHost[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-settings-lock-'));
  settingsPath = join(dir, 's.json');
});
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  await rm(dir, { recursive: true, force: true });
});

async function open(): Promise<AppHost> {
  const h = await createAppHost({
    settingsPath,
    simulator: { seed: 5, rate: 50, heartbeatMs: 100, instruments: 2, matches: 0 },
    recordingsDir: join(dir, 'recordings'),
  });
  hosts.push(h);
  return h;
}

/** The pid of a process that has ended (as a host killed with kill -9 leaves). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  const pid = child.pid!;
  child.kill('SIGKILL');
  await once(child, 'exit');
  return pid;
}

const lockOf = (pid: number, host = hostname()) =>
  JSON.stringify({ pid, host, since: '2026-12-07T10:00:00.000Z' });

/** Writes `text` as the lock, a minute old: left behind, not one a start is writing. */
async function leaveLock(text: string): Promise<void> {
  await writeFile(lockPathOf(settingsPath), text);
  const minuteAgo = new Date(Date.now() - 60_000);
  await utimes(lockPathOf(settingsPath), minuteAgo, minuteAgo);
}

describe('one host per settings file', () => {
  it('refuses a second host on the file, naming it and the first; the first saves on', async () => {
    const first = await open();
    const second = open();
    await expect(second).rejects.toThrow(StartError);
    await expect(second).rejects.toThrow(
      `${settingsPath} is in use by another Tickdeck (process ${process.pid} on ${hostname()}`,
    );
    expect(await first.invoke('settings:update', [{ chartGrid: 4 }])).toMatchObject({ ok: true });
    const saved = JSON.parse(await readFile(settingsPath, 'utf8')) as Settings;
    expect(saved.chartGrid).toBe(4);
    // Closed, it gives the file up.
    await hosts.shift()!.close();
    await expect(readFile(lockPathOf(settingsPath))).rejects.toThrow(/ENOENT/);
    expect((await open()).invoke).toBeTypeOf('function');
  });

  it("takes over a lock whose process is gone (kill -9), or that is not one of this app's", async () => {
    // A megabyte of something else is read only as far as a lock of this app's could go.
    for (const left of [lockOf(await deadPid()), 'garbage', '', 'x'.repeat(1 << 20)]) {
      await leaveLock(left);
      await open();
      expect(JSON.parse(await readFile(lockPathOf(settingsPath), 'utf8'))).toMatchObject({
        pid: process.pid,
      });
      await hosts.pop()!.close();
    }
  });

  it('refuses, naming it, a lock path that is not a file, whose read would never end (a FIFO)', async () => {
    execFileSync('mkfifo', [lockPathOf(settingsPath)]);
    await expect(lockSettings(settingsPath)).rejects.toThrow(
      new StartError(
        `${settingsPath}: its lock ${lockPathOf(settingsPath)} is not a file; remove it`,
      ),
    );
  });

  it.runIf(process.platform === 'linux')(
    'bug 179: takes over a lock whose pid now names a process started since; refuses its own',
    async () => {
      // A live process given the pid of a host that crashed: same pid, another start.
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
      await once(child, 'spawn');
      try {
        const pid = child.pid!;
        const since = '2026-12-07T10:00:00.000Z';
        const lockAs = (start: string) => JSON.stringify({ pid, host: hostname(), since, start });
        await writeFile(lockPathOf(settingsPath), lockAs(`${processStartOf(pid)!}0`));
        const lock = await lockSettings(settingsPath);
        expect(JSON.parse(await readFile(lockPathOf(settingsPath), 'utf8'))).toMatchObject({
          pid: process.pid,
          start: processStartOf(process.pid),
        });
        await lock.release();
        // The process that wrote it, still running: held.
        await writeFile(lockPathOf(settingsPath), lockAs(processStartOf(pid)!));
        await expect(lockSettings(settingsPath)).rejects.toThrow(`(process ${pid} on`);
        // An old lock, with no start: judged by its pid, as before.
        await writeFile(lockPathOf(settingsPath), lockOf(pid));
        await expect(lockSettings(settingsPath)).rejects.toThrow(`(process ${pid} on`);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );

  it('bug 182: takes over a lock whose numbers are out of bounds (pid 0 and -1 are, to kill, whole groups)', async () => {
    for (const pid of [0, -1, 2 ** 31, 1.5]) {
      await writeFile(lockPathOf(settingsPath), lockOf(pid));
      const lock = await lockSettings(settingsPath);
      expect(JSON.parse(await readFile(lockPathOf(settingsPath), 'utf8'))).toMatchObject({
        pid: process.pid,
      });
      await lock.release();
    }
  });

  it('bug 180: takes over past a take-over marker left by a start that died during it', async () => {
    await leaveLock('garbage');
    const { dev, ino } = await stat(lockPathOf(settingsPath), { bigint: true });
    const marker = `${lockPathOf(settingsPath)}.takeover-${dev}-${ino}`;
    await writeFile(marker, '');
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(marker, minuteAgo, minuteAgo);
    const lock = await lockSettings(settingsPath);
    expect(JSON.parse(await readFile(lockPathOf(settingsPath), 'utf8'))).toMatchObject({
      pid: process.pid,
    });
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('bug 229: waits out a lock just made and not yet written (no hard links), then is refused by its maker', async () => {
    // As a start on exFAT leaves it between creating the lock and writing it.
    await writeFile(lockPathOf(settingsPath), '');
    const second = lockSettings(settingsPath);
    await new Promise((r) => setTimeout(r, 100));
    await writeFile(lockPathOf(settingsPath), lockOf(process.pid));
    await expect(second).rejects.toThrow(`${settingsPath} is in use by another Tickdeck`);
    // Cut short mid-write, the same.
    await writeFile(lockPathOf(settingsPath), lockOf(process.pid).slice(0, 12));
    const third = lockSettings(settingsPath);
    await new Promise((r) => setTimeout(r, 100));
    await writeFile(lockPathOf(settingsPath), lockOf(process.pid));
    await expect(third).rejects.toThrow(`${settingsPath} is in use by another Tickdeck`);
  });

  it('bug 229: gives up, saying to try again, on a lock that stays empty while just made', async () => {
    await writeFile(lockPathOf(settingsPath), '');
    await expect(lockSettings(settingsPath)).rejects.toThrow(
      `${settingsPath}: could not take its lock ${lockPathOf(settingsPath)}; try again`,
    );
  });

  it('refuses while a process of another machine holds it, which cannot be asked', async () => {
    await writeFile(lockPathOf(settingsPath), lockOf(1, 'another-machine'));
    await expect(open()).rejects.toThrow('(process 1 on another-machine');
  });

  it('gives up only its own lock: one taken over since is left to its holder', async () => {
    const lock = await lockSettings(settingsPath);
    const other = lockOf(process.pid + 1);
    await writeFile(lockPathOf(settingsPath), other);
    await lock.release();
    expect(await readFile(lockPathOf(settingsPath), 'utf8')).toBe(other);
  });

  it('keeps no lock, and says so, where none can be made; none for settings in memory', async () => {
    // A "folder" that is a file: no lock can be made in it.
    await writeFile(join(dir, 'file'), '');
    const lock = await lockSettings(join(dir, 'file', 's.json'));
    expect(lock.notices[0]?.message).toMatch(
      /^Could not lock .*another Tickdeck on it would not be refused/,
    );
    expect((await lockSettings(null)).notices).toEqual([]);
  });
});
