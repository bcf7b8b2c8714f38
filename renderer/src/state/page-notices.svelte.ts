/**
 * The messages shown under the header, newest last. A list, not one slot: the host hands a
 * new page everything it said before the page listened (a corrupt settings file AND a
 * `--replay` folder that could not be opened), and a later message must not hide an earlier
 * one the user has not read.
 */
import type { Notice } from '../../../protocol/ipc';

/** A message for the user, which may offer one thing to do about it (e.g. "Replay it"). */
export interface PageNotice extends Notice {
  readonly action?: { readonly label: string; readonly run: () => void };
  /**
   * What the message is about, when a later success makes it stale: an opened replay clears
   * the notices of failed and offered replays (`replay`).
   */
  readonly about?: 'replay';
}

/** Most messages kept; past it the oldest goes, so a repeating failure cannot fill the page. */
export const MAX_NOTICES = 4;

export class PageNotices {
  list = $state.raw<readonly PageNotice[]>([]);

  /** Shows `notice`; the same message again moves to the end rather than showing twice. */
  show(notice: PageNotice): void {
    const kept = this.list.filter((n) => n.message !== notice.message);
    this.list = [...kept, notice].slice(-MAX_NOTICES);
  }

  dismiss(notice: PageNotice): void {
    this.list = this.list.filter((n) => n !== notice);
  }

  /** Takes away the messages about `about`, which something that succeeded made stale. */
  clear(about: NonNullable<PageNotice['about']>): void {
    this.list = this.list.filter((n) => n.about !== about);
  }
}
