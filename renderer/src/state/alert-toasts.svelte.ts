/** The toasts of alerts fired while the page is open: the newest few, each gone after a while. */
import type { AlertEvent } from '../../../protocol/alerts';

/** Most toasts on screen at once: a burst of alerts replaces the oldest. */
export const MAX_TOASTS = 5;
/** How long a toast stays before it dismisses itself, ms. */
export const TOAST_MS = 8_000;

export interface AlertToast {
  /** The alert's key (see `alertKey`). */
  readonly key: string;
  readonly event: AlertEvent;
}

export class AlertToasts {
  /** Newest first, at most {@link MAX_TOASTS}. */
  list = $state.raw<readonly AlertToast[]>([]);
  #timers: ReturnType<typeof setTimeout>[] = [];

  /** Shows the alert `key` for {@link TOAST_MS}. */
  show(key: string, event: AlertEvent): void {
    this.list = [{ key, event }, ...this.list].slice(0, MAX_TOASTS);
    const t = setTimeout(() => {
      this.#timers = this.#timers.filter((other) => other !== t);
      this.dismiss(key);
    }, TOAST_MS);
    this.#timers.push(t);
  }

  dismiss = (key: string) => {
    this.list = this.list.filter((t) => t.key !== key);
  };

  /** Stops the timers: the toasts on screen stay. */
  stop(): void {
    for (const t of this.#timers.splice(0)) clearTimeout(t);
  }
}
