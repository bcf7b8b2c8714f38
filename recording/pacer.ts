/**
 * Replay timing: maps recorded time to wall time from an anchor (`wall = anchorWall +
 * (t - anchorPos) / speed`), and sleeps until an entry is due — a sleep any change of plan can
 * cut short.
 */
export class Pacer {
  private anchorWall = 0;
  private anchorPos = 0;
  private wakeUp: (() => void) | null = null;

  /** From now on, recorded time `position` corresponds to this moment. */
  reanchor(position: number): void {
    this.anchorWall = performance.now();
    this.anchorPos = position;
  }

  /** Ms until recorded time `t` is due at `speed` (> 0); 0 or less means now. */
  dueIn(t: number, speed: number): number {
    return this.anchorWall + (t - this.anchorPos) / speed - performance.now();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** Ends the current sleep at once. */
  wake(): void {
    this.wakeUp?.();
    this.wakeUp = null;
  }
}
