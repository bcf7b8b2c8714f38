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
  /**
   * A recording of several sources at once (a set, docs/RECORDING.md "Several sources"): their
   * names, the prefixes of its instruments on replay. Absent for a recording of one source.
   */
  readonly sources?: readonly string[];
}
