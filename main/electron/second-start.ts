/**
 * A second start of the app hands its command line to the running one and quits (one instance
 * owns the settings, the recordings and the feed). What it asked for is not applied, so the
 * running one says so, rather than take a `--replay` or a `--feed` in silence. Electron-free.
 */
import type { Notice } from '../../protocol/ipc';
import { quoteInput } from '../../protocol/quote-input';

/** What a second start passes to the running instance (`requestSingleInstanceLock`'s data). */
export interface SecondStart {
  /** Its command-line arguments, as the user gave them. */
  readonly args: readonly string[];
}

/**
 * The notice for a second start's data, or null when it gave no arguments. The data comes
 * from another process, so anything but `{ args: string[] }` counts as none.
 */
export function secondStartNotice(data: unknown): Notice | null {
  const args = (data as Partial<SecondStart> | null)?.args;
  if (!Array.isArray(args) || args.length === 0 || !args.every((a) => typeof a === 'string'))
    return null;
  return {
    level: 'warning',
    message:
      `Tickdeck is already running, so a second start's options were not applied: ` +
      `${quoteInput(args.join(' '))}. Quit Tickdeck first to start it with them.`,
  };
}
