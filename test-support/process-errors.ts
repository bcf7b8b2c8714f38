/**
 * Test support: records the uncaught exceptions and unhandled rejections a test provokes, so
 * it can assert that hostile input left the process up (in production either one ends it).
 */

/** Errors recorded since {@link watchProcessErrors} was called. */
export interface ProcessErrors {
  readonly errors: readonly unknown[];
  /** Removes the listeners. */
  stop(): void;
}

/** Starts recording; call `stop()` when the test ends. */
export function watchProcessErrors(): ProcessErrors {
  const errors: unknown[] = [];
  const record = (err: unknown): void => void errors.push(err);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return {
    errors,
    stop() {
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
    },
  };
}
