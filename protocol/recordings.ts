/** What the host tells the page about the recordings it can replay. */

/** Most recordings `recording:list` returns, newest first. */
export const MAX_RECENT_RECORDINGS = 20;

/** A recording folder in the recordings folder, as the Open recording list shows it. */
export interface RecentRecording {
  /** The folder's name (the recorder names folders by their start time). */
  readonly name: string;
  /** The folder's absolute path on the machine running Tickdeck; what `replay:open` takes. */
  readonly dir: string;
  /** When a file in it last changed, epoch ms: when the recording stopped, or now if it runs. */
  readonly modifiedAt: number;
  /** Size on disk of its segments and index, bytes. */
  readonly bytes: number;
}
