/**
 * Holes in a source's stored history, and their repair. A live message the stream may lack
 * (its write failed: no stream leader during an election) or that could not be sent (over the
 * server's `max_payload`) leaves a hole, which a replay shows as a gap and can only close with
 * a later snapshot of that instrument. So the relay publishes its current snapshot of each
 * instrument with a hole: at the stream's next ack (it stores again), or after a retry time.
 */
import type { SnapshotMessage } from '../protocol/feed';
import type { LiveMessage } from '../protocol/nats';

const decoder = new TextDecoder();

export class HistoryRepair {
  /** Instruments with a hole since their last published snapshot. */
  private readonly holes = new Set<string>();
  /** A hole was added since the last repair: the next ack repairs at once. */
  private added = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    /** The relay's own folded state: a snapshot per instrument whose whole state is known. */
    private readonly snapshots: () => readonly SnapshotMessage[],
    /** Publishes a snapshot as a live message. */
    private readonly publish: (snapshot: SnapshotMessage) => void,
    private readonly retryMs: number,
  ) {}

  /** Whether a hole was added since the last repair. */
  get pending(): boolean {
    return this.added;
  }

  /** The stored history lacks a message of `instrument`. */
  holeIn(instrument: string): void {
    this.holes.add(instrument);
    this.added = true;
    this.timer ??= setTimeout(() => this.repair(), this.retryMs);
  }

  /** A live message of the relay's own whose stream write failed: a hole in its instrument. */
  writeFailed(payload: Uint8Array): void {
    // Read back only then (rare: elections, outages), so parsing it costs nothing live.
    const message = JSON.parse(decoder.decode(payload)) as LiveMessage;
    const instrument =
      message.op === 'snapshot' ? message.instrument : message.ticks[0]?.instrument;
    if (instrument !== undefined) this.holeIn(instrument);
  }

  /**
   * A snapshot for each instrument with a hole, so a replay resumes there. One that fails
   * again is tried again; an instrument waiting for a resync has no snapshot yet (the
   * source's, published live, will close the hole) and waits. Returns how many were sent.
   */
  repair(): number {
    this.close();
    this.added = false;
    if (this.holes.size === 0) return 0;
    const repairs = this.snapshots().filter((s) => this.holes.has(s.instrument));
    for (const snapshot of repairs) {
      this.holes.delete(snapshot.instrument);
      this.publish(snapshot);
    }
    if (this.holes.size > 0) this.timer = setTimeout(() => this.repair(), this.retryMs);
    return repairs.length;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
