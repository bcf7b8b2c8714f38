/**
 * Alerts heard from the host, handed on together once an animation frame, in that frame's
 * work: a rule firing on every tick (hundreds a second) re-rendered the log and the toasts once
 * per alert, and the charts beside them lost half their frames. A hidden page draws no frames
 * but must still notify: there each alert is handed on at once.
 */
import { flushSync } from 'svelte';
import type { AlertEvent } from '../../../protocol/alerts';

/** Longest an alert heard by a shown page waits for an animation frame, ms. */
const HEARD_AT_MOST_MS = 100;

export class HeardAlerts {
  readonly #fired: (event: AlertEvent) => void;
  /** Alerts heard and waiting for the next animation frame. */
  #heard: AlertEvent[] = [];
  #frame = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `fired` takes each alert heard, in order. */
  constructor(fired: (event: AlertEvent) => void) {
    this.#fired = fired;
  }

  hear(event: AlertEvent): void {
    if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') {
      this.flush();
      this.#fired(event);
      return;
    }
    this.#heard.push(event);
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(this.flush);
    // A page hidden before its frame came draws none: the timer hands them on then.
    this.#timer = setTimeout(this.flush, HEARD_AT_MOST_MS);
  }

  /** Hands on every alert waiting, now. */
  readonly flush = (): void => {
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    clearTimeout(this.#timer);
    this.#frame = 0;
    const events = this.#heard.splice(0);
    for (const event of events) this.#fired(event);
    // The DOM is written here, in the frame's own work, not in a microtask after it.
    if (events.length > 0) flushSync();
  };
}
