/**
 * The relay's start asks JetStream to take the source's lock and prepare its storage. A server
 * that answers nothing in time (overloaded, still recovering its streams after a restart, a
 * cluster electing a leader) or says JetStream is not ready yet is asked again, with backoff,
 * until it answers or the relay is stopped: the relay exited 1 with "tickdeck-relay: timeout"
 * and its desks waited for nothing (bug 256). Any other refusal ends the start, named.
 */
import { Backoff } from '../main/feed/backoff';

/** First wait before asking JetStream again, ms. */
export const JETSTREAM_RETRY_BASE_MS = 500;
/** Longest wait between two asks, ms. */
export const JETSTREAM_RETRY_CAP_MS = 5_000;

/** JetStream did not answer in time, or is not ready yet: asking again may succeed. */
export function isJetStreamBusy(err: Error): boolean {
  return (
    err.name === 'TimeoutError' ||
    /^timeout$|timed? ?out|temporarily unavailable|no responders/i.test(err.message)
  );
}

/**
 * Runs `step` until it succeeds, again after each busy JetStream (told to `retrying` with the
 * attempt and the error's words); rethrows anything else, and the abort's reason once `signal`
 * aborts.
 */
export async function whileJetStreamBusy<T>(
  step: () => Promise<T>,
  retrying: (attempt: number, error: string) => void,
  signal?: AbortSignal,
  backoff = new Backoff({ baseMs: JETSTREAM_RETRY_BASE_MS, capMs: JETSTREAM_RETRY_CAP_MS }),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof Error) || !isJetStreamBusy(err) || signal?.aborted) throw err;
      retrying(attempt, err.message);
      // At least the base: full jitter alone could ask again at once, into the same overload.
      const delay = Math.max(JETSTREAM_RETRY_BASE_MS, backoff.next());
      await new Promise<void>((resolve) => {
        // The abort listener goes with the wait: a long outage must not gather one a retry.
        const aborted = (): void => (clearTimeout(timer), resolve());
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', aborted);
          resolve();
        }, delay);
        signal?.addEventListener('abort', aborted, { once: true });
      });
    }
  }
}
