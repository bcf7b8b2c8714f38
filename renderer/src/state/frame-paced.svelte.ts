/**
 * A value the DOM shows at most once per animation frame. Batches arrive 30 times a second
 * whatever the frame rate; a busy page draws 5–10 frames a second, and a depth ladder or tape
 * re-rendered on every batch wrote three or four versions of its rows into the DOM for each
 * one the screen showed (docs/PERFORMANCE.md, "The full dashboard"). Here the newest value
 * waits for the next frame, and is written then, in that frame's own work.
 */
import { flushSync } from 'svelte';

export class FramePaced<T> {
  /** What the DOM shows: the newest value given before the last animation frame. */
  shown = $state.raw() as T;
  private latest: T;
  private frame = 0;

  /**
   * `merge` folds a value that was never shown into the one replacing it (by default the newer
   * simply wins), so what a skipped value said can still be shown.
   */
  constructor(
    initial: T,
    private readonly merge: (unshown: T, next: T) => T = (_, next) => next,
  ) {
    this.shown = initial;
    this.latest = initial;
  }

  /** The value to show from the next animation frame, merged with any still waiting for it. */
  set(value: T): void {
    this.latest = this.frame !== 0 ? this.merge(this.latest, value) : value;
    if (this.frame !== 0 || value === this.shown) return;
    // A page that draws no frames (no requestAnimationFrame, as the charts' scheduler also
    // allows) shows the value at once.
    if (typeof requestAnimationFrame !== 'function') this.shown = value;
    else this.frame = requestAnimationFrame(this.show);
  }

  /** Cancels a pending frame (the component showing the value is going away). */
  stop(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  // The DOM updates run inside the frame's callback, not in a microtask after it, so they
  // count as the frame's work, as the charts' draws do.
  private readonly show = (): void => {
    this.frame = 0;
    flushSync(() => {
      this.shown = this.latest;
    });
  };
}
