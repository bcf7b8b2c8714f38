/**
 * A folder this process may not write, as a user meets one (read-only media, a managed
 * profile). Root writes anywhere whatever the mode, and the test box runs as root, so there the
 * process acts as `nobody` for the duration; its effective ids only, so it can take root back.
 */
import { chmod } from 'node:fs/promises';

const NOBODY = 65534;

/** Runs `fn` with `dir` read-only to this process, then makes it writable again. */
export async function withUnwritableFolder<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  await chmod(dir, 0o555);
  const asRoot = process.geteuid?.() === 0;
  if (asRoot) {
    process.setegid!(NOBODY);
    process.seteuid!(NOBODY);
  }
  try {
    return await fn();
  } finally {
    if (asRoot) {
      process.seteuid!(0);
      process.setegid!(0);
    }
    await chmod(dir, 0o755);
  }
}
