/**
 * Where a replay is in recorded time, moved on every animation frame between the host's
 * reports while it plays (state/replay-clock.ts), so the timeline is smooth at high speeds.
 * Made while a component initialises: its frame loop lives as long as that component.
 */
import type { ReplayStatus } from '../../../protocol/health';
import { anchorReport, positionAt, type ReplayAnchor } from '../state/replay-clock';

export class ReplayPlayhead {
  private readonly status: () => ReplayStatus;
  private lastAnchor: ReplayAnchor | null = null;
  // Both derivations are closures, read only once the constructor has set `status`.
  private readonly anchor = $derived.by(() => {
    const next = anchorReport(this.status(), performance.now(), this.lastAnchor);
    this.lastAnchor = next; // the rate at Max speed comes from the last two reports
    return next;
  });
  private frameMs = $state.raw(performance.now());
  /** The position in recorded time (ms since the epoch), at the latest animation frame. */
  readonly position = $derived.by(() => positionAt(this.status(), this.anchor, this.frameMs));

  /** `status` reads the host's latest report (a component's prop). */
  constructor(status: () => ReplayStatus) {
    this.status = status;
    $effect(() => {
      if (!this.status().playing || typeof requestAnimationFrame !== 'function') return;
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
