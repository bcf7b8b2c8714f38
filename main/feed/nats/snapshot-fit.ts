/**
 * Whether an instrument's stored snapshot can open it for the engine now, given what the
 * session holds. The relay stores a state at most every flush and publishes live messages as
 * they come; events it published after the stored state but before the session subscribed
 * reached neither, so a snapshot is only known to fit once something shows where the live
 * messages start: the first held message, or the relay's last-seq announcement (a heartbeat's
 * list, heard after subscribing, so anything newer than it is held).
 */

/**
 * `fits`: send it; `behind`: events are missing after it, read it again; `unknown`: wait;
 * `ahead`: newer than every live message held and than the relay's last announced seq, which
 * the relay cannot have stored (it publishes a live message before it stores the state that
 * counts it, on one connection): a peer's, whose seq would make every later tick look old.
 * Read again until the relay's.
 */
export type SnapshotFit = 'fits' | 'behind' | 'unknown' | 'ahead';

export function snapshotFit(
  /** The stored snapshot's seq. */
  seq: number,
  /** The first seq of the oldest live message held, if any is held. */
  firstHeldSeq: number | undefined,
  /** The last seq of the newest live message held, if any is held. */
  lastHeldSeq: number | undefined,
  /** The relay's last announced seq for the instrument, if one was heard. */
  announcedSeq: number | undefined,
  /** A seq the snapshot must reach (a lost tail's), else 0. */
  wantedSeq: number,
): SnapshotFit {
  if (seq < wantedSeq) return 'behind';
  // Messages lost on the way leave the held ones behind the stored state, but never past
  // what the relay announced.
  const announcedBelow = announcedSeq === undefined || seq > announcedSeq;
  if (lastHeldSeq !== undefined && seq > lastHeldSeq && announcedBelow) return 'ahead';
  if (firstHeldSeq !== undefined) return firstHeldSeq > seq + 1 ? 'behind' : 'fits';
  if (announcedSeq === undefined) return 'unknown';
  return announcedSeq > seq ? 'behind' : 'fits';
}
