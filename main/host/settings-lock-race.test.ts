/**
 * bug 180: starts taking over one stale lock at once. Every file operation of the lock's (and of
 * json-file's) yields a few turns, seeded, before and after it runs, so three starts in one
 * process interleave their steps in a new order each round, the worst ones among them: one
 * moving aside the lock another has just taken while a third makes its own. Exactly one may
 * hold the lock, and the lock on disk is its.
 */
import type * as fsPromises from 'node:fs/promises';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lockPathOf, lockSettings, type SettingsLock } from './settings-lock';

const schedule = vi.hoisted(() => {
  let seed = 1;
  return {
    reseed: (s: number) => (seed = s),
    // A small linear congruential generator: the same rounds at every run.
    turns: () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % 4;
    },
  };
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsPromises>();
  const yieldTurns = async () => {
    for (let n = schedule.turns(); n > 0; n--) await new Promise((r) => setImmediate(r));
  };
  const shuffled =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      await yieldTurns();
      try {
        return await f(...a);
      } finally {
        await yieldTurns();
      }
    };
  const names = [
    'link',
    'mkdir',
    'open',
    'realpath',
    'rename',
    'stat',
    'lstat',
    'unlink',
    'writeFile',
  ] as const;
  return {
    ...real,
    ...Object.fromEntries(
      names.map((n) => [n, shuffled(real[n] as (...a: unknown[]) => Promise<unknown>)]),
    ),
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-settings-lock-race-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('three starts taking over one stale lock at once', () => {
  it('bug 180: one holds it, in every order tried', async () => {
    const settingsPath = join(dir, 's.json');
    for (let round = 1; round <= 100; round++) {
      schedule.reseed(round);
      // Not a lock of this app's, and whole (not one being written): stale to all three.
      await writeFile(lockPathOf(settingsPath), '{"not":"a lock"}');
      const outcomes = await Promise.allSettled([0, 1, 2].map(() => lockSettings(settingsPath)));
      const held = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect({ round, held: held.length }).toEqual({ round, held: 1 });
      const onDisk = await readFile(lockPathOf(settingsPath), 'utf8');
      await (held[0] as SettingsLock).release();
      // Released by its holder only when the lock on disk is its own.
      await expect(readFile(lockPathOf(settingsPath)), `round ${round}: ${onDisk}`).rejects.toThrow(
        /ENOENT/,
      );
    }
  });
});
