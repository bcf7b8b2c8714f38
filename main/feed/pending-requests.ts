/**
 * Requests waiting for the feed's `status` reply, matched by id. Bounded by a timeout each,
 * and failed all at once when the connection they were sent on goes away.
 */
import type { StatusMessage } from '../../protocol/feed';

/** How long a request waits for its status reply, ms. */
export const REQUEST_TIMEOUT_MS = 5_000;

interface Pending {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class PendingRequests {
  private readonly pending = new Map<number, Pending>();

  /** Resolves when the reply with `id` says ok; rejects with the server's message otherwise. */
  wait(id: number, timeoutMs = REQUEST_TIMEOUT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no reply from the feed within ${timeoutMs / 1_000} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  /** Settles the request a status replies to; false when no request was waiting for it. */
  settle(status: StatusMessage): boolean {
    const request = status.id === null ? undefined : this.pending.get(status.id);
    if (request === undefined) return false;
    this.pending.delete(status.id!);
    clearTimeout(request.timer);
    if (status.ok) request.resolve();
    else request.reject(new Error(status.error.message));
    return true;
  }

  failAll(reason: string): void {
    for (const request of this.pending.values()) {
      clearTimeout(request.timer);
      request.reject(new Error(reason));
    }
    this.pending.clear();
  }
}
