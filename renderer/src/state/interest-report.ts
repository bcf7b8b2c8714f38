/**
 * Tells the host what this page shows (protocol/interest.ts): the watchlist's rows in view,
 * the charted instruments and the selected one. Parts arrive from different components; a
 * change goes out after a short quiet spell, so a scroll sends a handful of declarations, not
 * one per pixel, yet never waits longer than {@link INTEREST_MAX_WAIT_MS} while it goes on.
 * What is sent is held to the protocol's bounds, and sent only when it differs from the last.
 */
import type { Interest, InterestOthers } from '../../../protocol/interest';
import { MAX_INTEREST_CHARTED, MAX_INTEREST_ROWS } from '../../../protocol/limits';

/** Quiet time after a change before it is sent, ms: shorter than a batch at 30 Hz. */
export const INTEREST_DEBOUNCE_MS = 30;
/** Longest a change waits while changes keep coming (a long scroll), ms. */
export const INTEREST_MAX_WAIT_MS = 150;

type Timers = {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
  now: () => number;
};

const BROWSER_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export class InterestReport {
  private current: Interest = { rows: [], charted: [], selected: null };
  private sentKey = '';
  private timer: unknown = null;
  /** When the oldest unsent change was made (`timers.now()`), or null. */
  private pendingSince: number | null = null;

  constructor(
    private readonly send: (interest: Interest) => void,
    private readonly timers: Timers = BROWSER_TIMERS,
  ) {}

  /** The watchlist's rows in view, overscan included, top to bottom. */
  setRows(ids: readonly string[]): void {
    this.update({ ...this.current, rows: ids.slice(0, MAX_INTEREST_ROWS) });
  }

  /**
   * The charted instruments, and the selected one (null: none) whose book, `depthLevels` a side
   * (absent: the protocol's default), and tape this page's batches are to carry.
   */
  setCharted(ids: readonly string[], selected: string | null, depthLevels?: number): void {
    this.update({
      rows: this.current.rows,
      charted: ids.slice(0, MAX_INTEREST_CHARTED),
      selected,
      ...(depthLevels === undefined ? {} : { depthLevels }),
    });
  }

  /** How the instruments outside the interest travel (a popped-out chart wants none). */
  setOthers(others: InterestOthers): void {
    this.update({ ...this.current, others });
  }

  /** Stops a pending send (the page is going away). */
  dispose(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private update(next: Interest): void {
    this.current = next;
    const now = this.timers.now();
    this.pendingSince ??= now;
    if (this.timer !== null) this.timers.clear(this.timer);
    const wait = Math.min(INTEREST_DEBOUNCE_MS, this.pendingSince + INTEREST_MAX_WAIT_MS - now);
    this.timer = this.timers.set(() => this.flush(), Math.max(0, wait));
  }

  private flush(): void {
    this.timer = null;
    this.pendingSince = null;
    const key = JSON.stringify(this.current);
    if (key === this.sentKey) return;
    this.sentKey = key;
    this.send(this.current);
  }
}
