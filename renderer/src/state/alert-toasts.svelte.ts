/** The toasts of alerts fired while the page is open: the newest few, each gone after a while. */
import type { AlertEvent } from '../../../protocol/alerts';

/** Most toasts on screen at once: a burst of alerts replaces the oldest. */
export const MAX_TOASTS = 5;
/** How long a toast stays before it dismisses itself, ms. */
export const TOAST_MS = 8_000;

export interface AlertToast {
  /** The key of the alert that first showed it (see `alertKey`). */
  readonly key: string;
  /** The rule's newest alert. */
  readonly event: AlertEvent;
  /** The rule's alerts while it was shown (1: just the one). */
  readonly count: number;
}

export class AlertToasts {
  /** Newest first, at most {@link MAX_TOASTS}, one a rule. */
  list = $state.raw<readonly AlertToast[]>([]);
  /** Each toast's self-dismissal, by key (not state: nothing drawn depends on it). */
  #timers: Record<string, ReturnType<typeof setTimeout>> = {};

  /**
   * Shows the alert `key` for {@link TOAST_MS}. A rule already shown is counted on its toast,
   * which comes first and stays its time again: an `every 0s` rule firing on each tick of a
   * crash took every toast, and pushed another rule's crossing off within the frame (bug 208).
   */
  show(key: string, event: AlertEvent): void {
    const same = this.list.find((t) => t.event.rule.id === event.rule.id);
    const toast = same ? { key: same.key, event, count: same.count + 1 } : { key, event, count: 1 };
    const kept = [toast, ...this.list.filter((t) => t !== same)];
    for (const gone of kept.splice(MAX_TOASTS)) this.#stopTimer(gone.key);
    this.list = kept;
    this.#stopTimer(toast.key);
    this.#timers[toast.key] = setTimeout(() => this.dismiss(toast.key), TOAST_MS);
  }

  dismiss = (key: string) => {
    this.#stopTimer(key);
    this.list = this.list.filter((t) => t.key !== key);
  };

  /** Stops the timers: the toasts on screen stay. */
  stop(): void {
    for (const key of Object.keys(this.#timers)) this.#stopTimer(key);
  }

  #stopTimer(key: string): void {
    clearTimeout(this.#timers[key]);
    delete this.#timers[key];
  }
}
