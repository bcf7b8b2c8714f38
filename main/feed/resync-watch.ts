/**
 * The resyncs a feed client asked for on one connection, and when to give them up: a snapshot
 * that has not come by its deadline leaves its instrument frozen with its ticks held, so the
 * owner replaces the connection. Not on a replay: see {@link ResyncWatch.hello}.
 */
import type { HelloMessage } from '../../protocol/feed';
import { formatAge } from './disconnect-reasons';
import { ResyncDeadlines } from './resync-deadlines';

export class ResyncWatch {
  /**
   * The feed is a replay (its hello said so). A new connection would restart playback from
   * the beginning, so a resync is never given up by reconnecting: the instrument waits for
   * the recording's next snapshot, as it did live.
   */
  private isReplay = false;
  private readonly deadlines: ResyncDeadlines;

  /** `overdue` hears why, when a snapshot has not come within `timeoutMs`. */
  constructor(
    private readonly timeoutMs: number,
    overdue: (reason: string) => void,
  ) {
    this.deadlines = new ResyncDeadlines((instruments) =>
      overdue(
        `resync of ${instruments.join(', ')} did not complete within ${formatAge(timeoutMs)}; reconnecting`,
      ),
    );
  }

  hello(message: HelloMessage): void {
    this.isReplay = message.replay !== undefined;
  }

  /** Snapshots of these were asked for just now. */
  asked(instruments: readonly string[]): void {
    if (!this.isReplay) this.deadlines.expect(instruments, Date.now() + this.timeoutMs);
  }

  arrived(instrument: string): void {
    this.deadlines.arrived(instrument);
  }

  /** The connection is gone, and its resyncs with it. */
  clear(): void {
    this.deadlines.clear();
    this.isReplay = false;
  }
}
