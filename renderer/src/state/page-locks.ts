/**
 * Browser mode: whether a main page is still there, asked of the browser rather than of the
 * page. A crashed page cannot say `gone`, and its silence takes `MISSED_BEATS` heartbeats (./popout-channel)
 * to tell from a page that is only slow; but a Web Lock is let go by the browser the moment the
 * page holding it goes, closed or crashed. So a main page holds a lock named for its session for
 * its whole life, and a pop-out tab called by a new page asks whether its own page's lock is
 * still held. Web Locks exist only in a secure context (http://127.0.0.1 is one; a host on a LAN
 * address is not): there the answer is unknown and the tab goes by its page's silence.
 * https://developer.mozilla.org/docs/Web/API/Web_Locks_API
 */
/** A session's lock, as a page and its tabs use it (a fake in tests). */
export interface SessionLocks {
  /** Holds `session`'s lock while the page lives; returns the release (for tests and stops). */
  hold(session: string): () => void;
  /** Whether `session`'s lock is held (or asked for): false once its page is gone; null: unknown. */
  held(session: string): Promise<boolean | null>;
}

/** The lock's name for a session. */
export function lockName(session: string): string {
  return `tickdeck-page-${session}`;
}

/** No locks here: every answer is unknown. */
export const NO_LOCKS: SessionLocks = { hold: () => () => {}, held: async () => null };

/** The browser's Web Locks, or {@link NO_LOCKS} outside a secure context. */
export function browserLocks(locks: LockManager | undefined): SessionLocks {
  if (locks === undefined) return NO_LOCKS;
  return {
    hold: (session) => {
      let release = () => {};
      const holding = new Promise<void>((r) => (release = r));
      // Shared: a second page of the same session (it cannot normally happen) must not wait.
      locks.request(lockName(session), { mode: 'shared' }, () => holding).catch(() => {});
      return release;
    },
    held: async (session) => {
      const name = lockName(session);
      try {
        const { held = [], pending = [] } = await locks.query();
        return [...held, ...pending].some((lock) => lock.name === name);
      } catch {
        return null;
      }
    },
  };
}
