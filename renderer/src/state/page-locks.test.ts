import { describe, expect, it } from 'vitest';
import { NO_LOCKS, browserLocks, lockName } from './page-locks';

const SESSION = '0f8e4a52-1111-4a5b-9c1d-2e3f4a5b6c7d';

/** A lock manager holding each request until its callback's promise settles, as the browser's. */
function fakeLockManager() {
  const held = new Map<string, number>();
  const manager = {
    request: async (name: string, _options: LockOptions, callback: () => Promise<void>) => {
      held.set(name, (held.get(name) ?? 0) + 1);
      await callback();
      held.set(name, held.get(name)! - 1);
    },
    query: async () => ({
      held: [...held].filter(([, n]) => n > 0).map(([name]) => ({ name, mode: 'shared' })),
      pending: [],
    }),
  };
  return manager as unknown as LockManager;
}

describe('a main page’s session lock', () => {
  it('is held while the page holds it, and free once it lets go', async () => {
    const locks = browserLocks(fakeLockManager());
    expect(await locks.held(SESSION)).toBe(false);
    const release = locks.hold(SESSION);
    expect(await locks.held(SESSION)).toBe(true);
    expect(await locks.held('a7c3e9d1-2222-4b6c-8d0e-1f2a3b4c5d6e')).toBe(false);
    release();
    await Promise.resolve();
    expect(await locks.held(SESSION)).toBe(false);
    expect(lockName(SESSION)).toBe(`tickdeck-page-${SESSION}`);
  });

  it('is unknown where the browser has no locks (not a secure context) or fails to say', async () => {
    expect(browserLocks(undefined)).toBe(NO_LOCKS);
    expect(await NO_LOCKS.held(SESSION)).toBeNull();
    const failing = { query: () => Promise.reject(new Error('no')) } as unknown as LockManager;
    expect(await browserLocks(failing).held(SESSION)).toBeNull();
  });
});
