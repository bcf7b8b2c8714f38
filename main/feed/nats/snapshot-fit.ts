/**
 * Whether an instrument's stored snapshot can open it for the engine now, given what the
 * session holds. The relay stores a state at most every flush and publishes live messages as
 * they come; events it published after the stored state but before the session subscribed
 * reached neither, so a snapshot is only known to fit once something shows where the live
 * messages start: the first held message, or the relay's last-seq announcement (a heartbeat's
 * list, heard after subscribing, so anything newer than it is held).
 */

/** `fits`: send it; `behind`: events are missing after it, read it again; `unknown`: wait. */
export type SnapshotFit = 'fits' | 'behind' | 'unknown';

export function snapshotFit(
  /** The stored snapshot's seq. */
  seq: number,
  /** The first seq of the oldest live message held, if any is held. */
  firstHeldSeq: number | undefined,
  /** The relay's last announced seq for the instrument, if one was heard. */
  announcedSeq: number | undefined,
  /** A seq the snapshot must reach (a lost tail's), else 0. */
  wantedSeq: number,
): SnapshotFit {
  if (seq < wantedSeq) return 'behind';
  if (firstHeldSeq !== undefined) return firstHeldSeq > seq + 1 ? 'behind' : 'fits';
  if (announcedSeq === undefined) return 'unknown';
  return announcedSeq > seq ? 'behind' : 'fits';
}
