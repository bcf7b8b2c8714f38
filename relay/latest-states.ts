/**
 * The latest state of each instrument in the state bucket, written at most every
 * {@link STATE_FLUSH_MS} per instrument: a desktop that reads one older than the live ticks it
 * holds catches up from those ticks (main/feed/nats/instrument-catch-up.ts), so per-tick
 * writes would buy nothing. At most one write per instrument waits for its answer, so a server
 * too slow to answer (overload) is not sent a growing pile of them.
 */
import type { KV } from '@nats-io/kv';
import type { SnapshotMessage } from '../protocol/feed';
import { stateKey } from '../protocol/nats';
import { FailureReport } from './failure-report';
import type { OversizeReport } from './live-payloads';

/** Latest states are written this often at most, ms. */
export const STATE_FLUSH_MS = 100;

export class LatestStates {
  private readonly encoder = new TextEncoder();
  /** Instruments whose latest state is too big to store: their stored one was removed. */
  private readonly tooBig = new Set<string>();
  /** Instruments whose latest state changed since the last flush. */
  private readonly dirty = new Set<string>();
  /** Instruments whose state write waits for its answer, and that write. */
  private readonly writing = new Map<string, Promise<void>>();
  private flushTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** State writes time out together under overload: reported bounded, not one per instrument. */
  private readonly failures: FailureReport;

  constructor(
    private readonly state: KV,
    /** The relay's own folded state: a snapshot per instrument whose whole state is known. */
    private readonly snapshots: () => readonly SnapshotMessage[],
    onError: (message: string) => void,
    /** The largest state the server takes, bytes (its `max_payload`, less room). */
    private readonly maxBytes: () => number,
    /** Hears of a state too big to store. */
    private readonly oversize: Pick<OversizeReport, 'refused'>,
  ) {
    this.failures = new FailureReport(
      'storing the latest state failed',
      'latest states stored again',
      onError,
    );
  }

  /** The instrument's state changed: it is written at the next flush. */
  changed(instrument: string): void {
    this.dirty.add(instrument);
    this.flushTimer ??= setTimeout(() => void this.flush(), STATE_FLUSH_MS);
  }

  /**
   * Writes the pending latest states now. An instrument whose last write is still waiting for
   * its answer stays pending until that answer.
   */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.dirty.size === 0) return;
    // Instruments waiting for a resync have no snapshot: an old state would be a wrong one.
    const changed = this.snapshots().filter(
      (s) => this.dirty.has(s.instrument) && !this.writing.has(s.instrument),
    );
    for (const instrument of this.dirty)
      if (!this.writing.has(instrument)) this.dirty.delete(instrument);
    await Promise.all(changed.map((snapshot) => this.write(snapshot)));
  }

  /** Waits for the writes on their way, then writes what is pending. */
  async finish(): Promise<void> {
    await Promise.all(this.writing.values());
    await this.flush();
  }

  close(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.closed = true;
    this.failures.close();
  }

  private write(snapshot: SnapshotMessage): Promise<void> {
    const { instrument } = snapshot;
    // Run after `writing` holds it: a write that has nothing to wait for ends at once.
    const written = Promise.resolve().then(async () => {
      try {
        await this.store(snapshot);
        this.failures.succeeded();
      } catch (err) {
        this.failures.failed((err as Error).message, instrument);
        // Written again at the next flush: otherwise the stored state stays behind until the
        // instrument's next tick, and a source that has gone quiet never brings one.
        this.dirty.add(instrument);
      }
      this.writing.delete(instrument);
      // Changed (or failed) while this write waited: the next flush writes it.
      if (this.dirty.has(instrument) && !this.closed) this.changed(instrument);
    });
    this.writing.set(instrument, written);
    return written;
  }

  /**
   * Puts the state; one over the server's `max_payload` is reported and its older stored
   * state removed, once until one fits again: an older state is a wrong one, and a desk
   * opening the instrument waits without one.
   */
  private async store(snapshot: SnapshotMessage): Promise<void> {
    const { instrument } = snapshot;
    const value = this.encoder.encode(JSON.stringify(snapshot));
    const maxBytes = this.maxBytes();
    if (value.length <= maxBytes) {
      await this.state.put(stateKey(instrument), value);
      this.tooBig.delete(instrument);
    } else if (!this.tooBig.has(instrument)) {
      this.oversize.refused(`latest state of ${instrument}`, value.length, maxBytes);
      await this.state.delete(stateKey(instrument));
      this.tooBig.add(instrument);
    }
  }
}
