/**
 * An opening replay waiting for its hello: the engine holds the replay session once the hello
 * arrives, and controls work from then. Bounded by OPEN_TIMEOUT_MS; one wait at a time.
 */

/** Longest wait for the replay's hello after connecting the engine, ms. */
export const OPEN_TIMEOUT_MS = 5_000;

export class HelloWait {
  private waiter: { resolve(): void; reject(err: Error): void } | null = null;

  /** Resolves when {@link arrived} is called; rejects on {@link cancel} or after the timeout. */
  wait(dir: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`${dir}: the replay did not start within ${OPEN_TIMEOUT_MS} ms`));
      }, OPEN_TIMEOUT_MS);
      const settle = (run: () => void) => {
        clearTimeout(timer);
        this.waiter = null;
        run();
      };
      this.waiter = {
        resolve: () => settle(resolve),
        reject: (err) => settle(() => reject(err)),
      };
    });
  }

  /** The hello (or a replay state) arrived: the wait, if any, resolves. */
  arrived(): void {
    this.waiter?.resolve();
  }

  /** The wait, if any, rejects with `err`. */
  cancel(err: Error): void {
    this.waiter?.reject(err);
  }
}
