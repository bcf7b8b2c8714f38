/**
 * Reconnect delays: exponential with full jitter, capped, reset after a stable connection.
 * Full jitter (a uniform delay in [0, min(cap, base * 2^attempt))) keeps a thousand clients
 * from retrying in step after a server restart:
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */

/** First retry ceiling, ms. */
export const BACKOFF_BASE_MS = 250;
/** Largest delay between attempts, ms. */
export const BACKOFF_CAP_MS = 15_000;
/** A connection live this long counts as healthy: the next drop starts from the base again. */
export const BACKOFF_STABLE_MS = 10_000;

export interface BackoffOptions {
  readonly baseMs?: number;
  readonly capMs?: number;
  readonly stableMs?: number;
  /** Uniform in [0, 1); injectable so tests can pin the schedule. */
  readonly random?: () => number;
  readonly now?: () => number;
}

export class Backoff {
  private attempts = 0;
  private liveSince: number | null = null;
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly stableMs: number;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? BACKOFF_BASE_MS;
    this.capMs = options.capMs ?? BACKOFF_CAP_MS;
    this.stableMs = options.stableMs ?? BACKOFF_STABLE_MS;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** Retries scheduled since the last stable connection. */
  get attempt(): number {
    return this.attempts;
  }

  /** The connection went live; it proves itself stable after `stableMs`. */
  live(): void {
    this.liveSince = this.now();
  }

  /** Delay before the next attempt, ms; counts the attempt. */
  next(): number {
    if (this.liveSince !== null && this.now() - this.liveSince >= this.stableMs) this.attempts = 0;
    this.liveSince = null;
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** this.attempts);
    this.attempts++;
    return Math.floor(this.random() * ceiling);
  }
}
