/**
 * Opens a NATS session's instruments for the engine: per instrument its stored snapshot, then
 * the live messages newer than it, then live messages as they come. Live messages are held per
 * instrument from the moment the session subscribes, so a snapshot read from the bucket
 * (written at most every relay flush) is caught up from them: no tick before its snapshot, and
 * none lost between the two. The relay's last-seq messages show an instrument whose last ticks
 * never came (protocol/nats-seqs.ts): it is resynced from its stored snapshot, as after a gap.
 */
import type { KV, KvEntry } from '@nats-io/kv';
import { decodeServerMessage } from '../../../protocol/decode';
import type { SnapshotMessage } from '../../../protocol/feed';
import { stateKey } from '../../../protocol/nats';
import type { SeqRange } from '../../../protocol/nats-seqs';
import type { EngineSocket, Frame } from './engine-socket';
import { snapshotFit } from './snapshot-fit';
import { BULK_READ_MIN, readStoredStates } from './stored-states';
import { isRelayTicks } from './ticks-batch';

/** Live messages held per instrument for catching a snapshot up. */
export const HELD_MESSAGES = 256;
/** A stored snapshot older than the held messages is read again after this long, ms. */
export const SNAPSHOT_RETRY_MS = 150;
/**
 * Reads of a snapshot older than the held messages, or not yet known to be current, before it is
 * sent anyway (a gap then resyncs it).
 */
const SNAPSHOT_TRIES = 10;
/**
 * Subscribed this long with neither a live message nor a last-seq message about an instrument,
 * its stored snapshot is current: the relay announces every instrument's last seq with each
 * heartbeat (1 s), and its state write is at most a flush behind its last publish, ms.
 */
export const QUIET_PROOF_MS = 1_500;

/** A held live message: its JSON and the seq range of its ticks. */
interface Held extends SeqRange {
  readonly frame: Frame;
}

/**
 * The first seq of the newest unbroken run of held messages: a snapshot older than it would be
 * followed by a hole, a gap the engine resyncs at once from the same stored state. After a
 * NATS server's restart the held messages have the hole the outage left, and the store is
 * behind it until the relay's next write: the desk asked and was served the same snapshot
 * some 500 times a second (bug 257).
 */
function unbrokenFrom(held: readonly Held[]): number | undefined {
  let from = held.at(-1)?.firstSeq;
  for (let i = held.length - 2; i >= 0 && from !== undefined; i--) {
    const older = held[i]!;
    if (from > older.lastSeq + 1) break;
    from = older.firstSeq;
  }
  return from;
}

export class InstrumentCatchUp {
  private readonly held = new Map<string, Held[]>();
  /** Instruments whose snapshot went out: their live messages pass straight through. */
  private readonly ready = new Set<string>();
  /** The seq of the last event sent to the engine, per instrument. */
  private readonly sentSeq = new Map<string, number>();
  /** The relay's last announced seq per instrument (its last-seq messages since subscribing). */
  private readonly announced = new Map<string, number>();

  constructor(
    private readonly engine: EngineSocket,
    private readonly state: KV,
    /** True once the session is closed: reads stop. */
    private readonly closed: () => boolean,
    /** When the session subscribed (`performance.now()`), for {@link QUIET_PROOF_MS}. */
    private readonly openedAt: () => number,
  ) {}

  /** Keeps a live message for catching snapshots up; passes it on once the snapshot went. */
  hold(instrument: string, frame: Frame, range: SeqRange): void {
    let list = this.held.get(instrument);
    if (list === undefined) this.held.set(instrument, (list = []));
    list.push({ frame, ...range });
    if (list.length > HELD_MESSAGES) list.shift();
    if (this.ready.has(instrument)) this.sendLive(instrument, frame, range.lastSeq);
  }

  /**
   * The relay's last seqs: an instrument whose last event sent here is older than the relay's
   * lost its tail on the way (they travel on one connection, in order), so it is resynced.
   * Instruments being resynced already, or not yet opened, are left to that.
   */
  announce(seqs: Iterable<readonly [string, number]>): void {
    for (const [instrument, seq] of seqs) {
      this.announced.set(instrument, seq);
      if (this.ready.has(instrument) && (this.sentSeq.get(instrument) ?? 0) < seq)
        void this.snapshot(instrument, seq, true);
    }
  }

  /**
   * Many instruments' first reads come from one watch of the bucket (./stored-states.ts), each
   * opened as its state arrives; the ones it did not bring are read one by one.
   */
  async open(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.ready.delete(id);
    const opening: Promise<void>[] = [];
    const handed =
      ids.length < BULK_READ_MIN
        ? new Set<string>()
        : await readStoredStates(this.state, ids, this.closed, (id, entry) =>
            opening.push(this.snapshot(id, 0, false, entry)),
          );
    for (const id of ids) if (!handed.has(id)) opening.push(this.snapshot(id));
    await Promise.all(opening);
  }

  private sendLive(instrument: string, frame: Frame, lastSeq: number): void {
    if (typeof frame !== 'string' && isRelayTicks(frame)) this.engine.sendTicks(frame);
    else this.engine.send(frame);
    this.sentSeq.set(instrument, Math.max(lastSeq, this.sentSeq.get(instrument) ?? 0));
  }

  /**
   * Sends the instrument's stored snapshot, then the held messages newer than it. Until the
   * relay has stored one, it is asked again every {@link SNAPSHOT_RETRY_MS} while the session
   * lasts: the instrument's ticks wait, as on the WebSocket protocol. A stored snapshot older
   * than `wantedSeq` (the relay announced it, its state write is at most a flush away) is
   * read again like one older than the held messages. One not yet known to be current is not
   * read again: only a live message or a last-seq message can settle it, and a session
   * subscribed for {@link QUIET_PROOF_MS} without either has shown the relay publishes nothing
   * newer. A `lostTail` snapshot says so, and the engine counts it as a gap. `first` is an
   * entry already read (by {@link open}), in place of the first request.
   */
  private async snapshot(
    instrument: string,
    wantedSeq = 0,
    lostTail = false,
    first?: KvEntry,
  ): Promise<void> {
    this.ready.delete(instrument);
    let text: string | null = null;
    let snapshot: SnapshotMessage | null = null;
    let given = first;
    for (let tries = 0, read = true; !this.closed(); read = snapshot === null) {
      if (read) {
        const entry = given ?? (await this.state.get(stateKey(instrument)).catch(() => null));
        given = undefined;
        if (this.closed()) return;
        text = entry?.operation === 'PUT' ? entry.string() : null;
        const decoded = text === null ? null : decodeServerMessage(text);
        snapshot = decoded?.ok && decoded.value.op === 'snapshot' ? decoded.value : null;
        if (text !== null && (snapshot === null || snapshot.instrument !== instrument)) {
          this.engine.send(text); // the engine counts and shows it
          return;
        }
      }
      const held = this.held.get(instrument) ?? [];
      const fit =
        snapshot === null
          ? null
          : snapshotFit(
              snapshot.seq,
              unbrokenFrom(held),
              held.at(-1)?.lastSeq,
              this.announced.get(instrument),
              wantedSeq,
            );
      const quiet = fit === 'unknown' && performance.now() - this.openedAt() >= QUIET_PROOF_MS;
      // One ahead is never sent: it would stop the instrument for good.
      const tried = fit !== 'ahead' && ++tries >= SNAPSHOT_TRIES;
      if (snapshot !== null && (fit === 'fits' || quiet || tried)) {
        this.engine.send(lostTail ? JSON.stringify({ ...snapshot, lostTail }) : text!);
        this.sentSeq.set(instrument, snapshot.seq);
        for (const h of held)
          if (h.lastSeq > snapshot.seq) this.sendLive(instrument, h.frame, h.lastSeq);
        this.ready.add(instrument);
        return;
      }
      // Nothing stored yet, or a snapshot that does not fit yet (./snapshot-fit.ts): the
      // relay's next flush, live message or last-seq message settles it. Behind: read again.
      if (fit === 'behind' || fit === 'ahead') snapshot = null;
      await new Promise((resolve) => setTimeout(resolve, SNAPSHOT_RETRY_MS));
    }
  }
}
