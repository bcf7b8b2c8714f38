/**
 * Outbound frame limiter: at most `perSecond` frames in any sliding second, the rest queued in
 * order. Exchanges disconnect (and may ban) clients that exceed their inbound limits, so a
 * burst of resubscriptions must wait rather than go out at once.
 */

const WINDOW_MS = 1000;

export class SendLimiter {
  private readonly sentAt: number[] = [];
  private readonly queue: string[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly perSecond: number,
    private readonly send: (frame: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Frames waiting for the window to allow them. */
  get pending(): number {
    return this.queue.length;
  }

  push(...frames: readonly string[]): void {
    this.queue.push(...frames);
    this.drain();
  }

  /** Drops queued frames (the socket they were meant for is gone). */
  clear(): void {
    this.queue.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): void {
    if (this.timer) return;
    while (this.queue.length > 0) {
      const now = this.now();
      while (this.sentAt.length > 0 && now - this.sentAt[0]! >= WINDOW_MS) this.sentAt.shift();
      if (this.sentAt.length >= this.perSecond) {
        this.timer = setTimeout(
          () => {
            this.timer = null;
            this.drain();
          },
          WINDOW_MS - (now - this.sentAt[0]!),
        );
        return;
      }
      this.sentAt.push(now);
      this.send(this.queue.shift()!);
    }
  }
}
