/**
 * Ending the app: the work that must finish first (flushing a recording in progress, closing
 * the sockets, the window's place being saved) runs once, however many ways the app is asked
 * to end, and is bounded in time so a stuck socket cannot keep the app from quitting.
 */
import type { App } from 'electron';

/** Longest wait for the host to flush the recording and close sockets before quitting. */
export const SHUTDOWN_TIMEOUT_MS = 5_000;

export interface Shutdown {
  /** Starts the work (once) and resolves when it is done or the time is up. */
  readonly run: () => Promise<void>;
  /** True once the work has started. */
  readonly started: () => boolean;
}

/**
 * Holds 'will-quit' until `work` is done (or `timeoutMs` has passed), then quits; the quit that
 * follows passes straight through.
 */
export function installShutdown(
  app: Pick<App, 'on' | 'quit'>,
  work: () => Promise<unknown>,
  timeoutMs = SHUTDOWN_TIMEOUT_MS,
): Shutdown {
  let running: Promise<void> | null = null;
  const run = (): Promise<void> => {
    running ??= Promise.race([
      work().then(() => {}),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs)),
    ]).catch((err: Error) => console.error(`Shutdown: ${err.message}`));
    return running;
  };
  let done = false;
  app.on('will-quit', (event) => {
    if (done) return;
    event.preventDefault();
    void run().finally(() => {
      done = true;
      app.quit();
    });
  });
  return { run, started: () => running !== null };
}
