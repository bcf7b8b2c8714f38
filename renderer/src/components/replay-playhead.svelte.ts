/**
 * Where a replay is in recorded time, moved on every animation frame between the host's
 * reports while it plays (state/replay-clock.ts), so the timeline is smooth at high speeds.
 * One per page, made by the page and read by everything that shows the position: the replay
 * bar and the health bar showed two (bug 194: "0:01 / 0:04" in one, "0:00 / 0:04" in the other,
 * the health bar's the last report). Made while a component initialises: its frame loop lives
 * as long as that component.
 */
import type { ReplayStatus } from '../../../protocol/health';
import { anchorReport, positionAt, type ReplayAnchor } from '../state/replay-clock';

export class ReplayPlayhead {
  private readonly status: () => ReplayStatus | null;
  private lastAnchor: ReplayAnchor | null = null;
  // Both derivations are closures, read only once the constructor has set `status`.
  private readonly anchor = $derived.by(() => {
    const status = this.status();
    // The rate at Max speed comes from the last two reports of the same replay.
    this.lastAnchor = status ? anchorReport(status, performance.now(), this.lastAnchor) : null;
    return this.lastAnchor;
  });
  private frameMs = $state.raw(performance.now());
  /**
   * The position in recorded time (ms since the epoch) at the latest animation frame, or null
   * while no replay is open.
   */
  readonly position = $derived.by(() => {
    const status = this.status();
    return status && this.anchor ? positionAt(status, this.anchor, this.frameMs) : null;
  });

  /** `status` reads the host's latest report of the replay, null while none is open. */
  constructor(status: () => ReplayStatus | null) {
    this.status = status;
    $effect(() => {
      if (!this.status()?.playing || typeof requestAnimationFrame !== 'function') return;
      let id = 0;
      const frame = (t: number) => {
        this.frameMs = t;
        id = requestAnimationFrame(frame);
      };
      id = requestAnimationFrame(frame);
      return () => cancelAnimationFrame(id);
    });
  }
}
