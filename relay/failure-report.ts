/**
 * Failures of one kind of write, reported bounded: at most one line per
 * {@link FAILURE_REPORT_MS} with the count so far, and one line once writes succeed again.
 * Under overload every write can time out at once (each instrument's state write, each stream
 * write): one line per failure would bury the log and cost the relay the CPU it is short of.
 * Writes that fail and succeed by turns (an overloaded server answers some in time) are still
 * failing: recovery is reported only after a success with no failure since, at the earliest
 * one report interval after the last line.
 */

/** Lines are written at most this often, ms. */
export const FAILURE_REPORT_MS = 5_000;

export class FailureReport {
  private failures = 0;
  /** Failures since the last recovery line (or the start). */
  private failing = 0;
  private lastLineAt = -Infinity;
  /** Which of the two came last: a failure after the last success means still failing. */
  private lastWasFailure = false;
  private recoveryTimer: NodeJS.Timeout | null = null;

  constructor(
    /** What failed, the report's subject: `stream write not acknowledged`. */
    private readonly what: string,
    /** What succeeding again is called: `stream writes acknowledged again`. */
    private readonly recovered: string,
    private readonly onLine: (line: string) => void,
    private readonly intervalMs = FAILURE_REPORT_MS,
  ) {}

  /** Failures since the start. */
  get count(): number {
    return this.failures;
  }

  /** One failed write; `detail` names which (an instrument), when that helps. */
  failed(error: string, detail?: string): void {
    this.failures++;
    this.failing++;
    this.lastWasFailure = true;
    const now = performance.now();
    if (now - this.lastLineAt < this.intervalMs) return;
    const last = detail === undefined ? '' : `, last ${detail}`;
    this.line(now, `${this.what} (${this.failures} so far${last}): ${error}`);
  }

  /** One write that succeeded: after failures, recovery is reported once it holds. */
  succeeded(): void {
    this.lastWasFailure = false;
    if (this.failing === 0 || this.recoveryTimer !== null) return;
    const delayMs = Math.max(0, this.lastLineAt + this.intervalMs - performance.now());
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = null;
      // Failed again since: still failing (the failure lines say so); the next success
      // looks again.
      if (this.lastWasFailure) return;
      this.line(performance.now(), `${this.recovered} after ${this.failing} failed`);
      this.failing = 0;
    }, delayMs);
    this.recoveryTimer.unref();
  }

  close(): void {
    if (this.recoveryTimer !== null) clearTimeout(this.recoveryTimer);
    this.recoveryTimer = null;
  }

  private line(now: number, text: string): void {
    this.lastLineAt = now;
    this.onLine(text);
  }
}
