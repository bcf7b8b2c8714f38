/**
 * One feed-client socket served from NATS in the Tickdeck protocol: the stored `hello`, then
 * per instrument its stored snapshot followed by the live messages newer than it, then live
 * messages as they come. Live messages are held per instrument from the moment the session
 * subscribes, so a snapshot read from the bucket (written at most every relay flush) is caught
 * up from them: no tick before its snapshot, and none lost between the two. The relay's
 * last-seq messages show an instrument whose last ticks never came (protocol/nats-seqs.ts):
 * it is resynced from its stored snapshot, as after a gap.
 *
 * Which live messages are held as they came and which are parsed first: ./live-message.ts.
 * What goes to the engine, and how: ./engine-socket.ts.
 */
import type { KV, KvEntry } from '@nats-io/kv';
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import type { WebSocket } from 'ws';
import { decodeClientMessage, decodeServerMessage } from '../../../protocol/decode';
import type { SnapshotMessage } from '../../../protocol/feed';
import { stateKey, type NatsNames } from '../../../protocol/nats';
import { decodeLastSeqs, MAX_SEQS_BYTES, type SeqRange } from '../../../protocol/nats-seqs';
import { EngineSocket, type Frame } from './engine-socket';
import { liveMessage } from './live-message';
import { snapshotFit } from './snapshot-fit';
import { SessionHello } from './session-hello';
import { BULK_READ_MIN, readStoredStates } from './stored-states';
import { isRelayTicks } from './ticks-batch';

/** Live messages held per instrument for catching a snapshot up. */
export const HELD_MESSAGES = 256;
/** A stored snapshot older than the held messages is read again after this long, ms. */
export const SNAPSHOT_RETRY_MS = 150;
/**
 * A heartbeat this much older than the freshest one seen means the engine reads too slowly
 * and nats-server is queueing for it, ms. Against the freshest, not the clock: the relay's
 * clock may differ from this machine's.
 */
export const MAX_LAG_MS = 3_000;
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

const decoder = new TextDecoder();

export class NatsSession {
  private readonly held = new Map<string, Held[]>();
  /** Instruments whose snapshot went out: their live messages pass straight through. */
  private readonly ready = new Set<string>();
  /** The seq of the last event sent to the engine, per instrument. */
  private readonly sentSeq = new Map<string, number>();
  /** The relay's last announced seq per instrument (its last-seq messages since subscribing). */
  private readonly announced = new Map<string, number>();
  private readonly subscriptions: Subscription[] = [];
  private closed = false;
  /** When the session subscribed (`performance.now()`), for {@link QUIET_PROOF_MS}. */
  private openedAt = Infinity;
  private instruments: readonly string[] = [];
  /** The hello's parts, from the subject and the bucket, put back together (newest wins). */
  private readonly helloParts: SessionHello;
  /** The engine asked for every instrument before the first hello named them. */
  private wantsAll = false;
  /** Each announced instrument by its live subject. */
  private liveSubjects = new Map<string, string>();
  /** The smallest heartbeat age seen (this clock minus the relay's), ms. */
  private minHeartbeatAgeMs = Infinity;
  private readonly engine: EngineSocket;

  constructor(
    ws: WebSocket,
    private readonly nc: NatsConnection,
    private readonly state: KV,
    private readonly names: NatsNames,
    /** Hears that the engine fell {@link MAX_LAG_MS} behind, and by how much. */
    private readonly onBehind: (lagMs: number) => void = () => {},
  ) {
    this.engine = new EngineSocket(ws);
    this.helloParts = new SessionHello(state, this.engine, (hello) => this.adoptHello(hello));
    ws.on('close', () => this.close());
    ws.on('message', (data, isBinary) => {
      if (!isBinary) void this.request(data.toString());
    });
  }

  /**
   * Subscribes, then sends the stored hello. Null when open; otherwise why not: `none` when
   * the source has no stored hello yet, or why the stored one was refused.
   */
  async open(): Promise<string | null> {
    this.openedAt = performance.now();
    this.subscriptions.push(
      this.nc.subscribe(this.names.liveAll, { callback: (_err, msg) => this.live(msg) }),
      this.nc.subscribe(this.names.heartbeat, { callback: (_err, msg) => this.heartbeat(msg) }),
      this.nc.subscribe(this.names.hello, {
        callback: (_err, msg) => this.helloParts.part(msg),
      }),
      this.nc.subscribe(this.names.seqs, { callback: (_err, msg) => this.lastSeqs(msg) }),
    );
    const stored = await this.helloParts.readStored();
    // The live subject may have brought a hello meanwhile: the session has one to serve.
    if (this.closed || this.helloParts.generation > 0) return null;
    if (stored.kind === 'refused') return `the stored hello is refused: ${stored.error}`;
    return stored.kind === 'none' ? 'none' : null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.helloParts.close();
    this.engine.close();
    for (const sub of this.subscriptions) sub.unsubscribe();
  }

  private send(frame: Frame): void {
    this.engine.send(frame);
  }

  /** Closes the engine's socket (after the ticks on their way) and stops reading NATS. */
  cut(code: number, reason: string): void {
    this.close();
    this.engine.cut(code, reason);
  }

  private heartbeat(msg: Msg): void {
    if (this.engine.refusesSize(msg)) return;
    const text = decoder.decode(msg.data);
    this.send(text);
    const decoded = decodeServerMessage(text); // once a second: cheap
    if (!decoded.ok || decoded.value.op !== 'heartbeat' || this.closed) return;
    const ageMs = Date.now() - decoded.value.ts;
    this.minHeartbeatAgeMs = Math.min(this.minHeartbeatAgeMs, ageMs);
    const lagMs = ageMs - this.minHeartbeatAgeMs;
    if (lagMs > MAX_LAG_MS) this.onBehind(lagMs);
  }

  /** Forwards a hello; instruments it adds get their snapshots. */
  private adoptHello(text: string): void {
    this.send(text); // a malformed one is counted and shown by the engine's decoder
    const decoded = decodeServerMessage(text);
    if (!decoded.ok || decoded.value.op !== 'hello') return;
    const known = new Set(this.instruments);
    this.instruments = decoded.value.instruments.map((i) => i.id);
    this.liveSubjects = new Map(this.instruments.map((id) => [this.names.live(id), id]));
    // The first hello: the engine's subscribe asks for the snapshots, unless it already did.
    if (known.size === 0 && !this.wantsAll) return;
    this.wantsAll = false;
    void this.snapshots(this.instruments.filter((id) => !known.has(id)));
  }

  private live(msg: Msg): void {
    if (this.engine.refusesSize(msg)) return;
    const live = liveMessage(msg, this.liveSubjects.get(msg.subject), this.names.live);
    if (live.kind === 'hold') this.hold(live.instrument, live.frame, live.range);
    else if (live.kind === 'pass') this.send(live.text);
    else
      this.engine.report(
        'BAD_REQUEST',
        `NATS message on ${msg.subject} is about ${live.instrument}; skipped`,
      );
  }

  /** Keeps a live message for catching snapshots up; passes it on once the snapshot went. */
  private hold(instrument: string, frame: Frame, range: SeqRange): void {
    let list = this.held.get(instrument);
    if (list === undefined) this.held.set(instrument, (list = []));
    list.push({ frame, ...range });
    if (list.length > HELD_MESSAGES) list.shift();
    if (this.ready.has(instrument)) this.sendLive(instrument, frame, range.lastSeq);
  }

  private sendLive(instrument: string, frame: Frame, lastSeq: number): void {
    if (typeof frame !== 'string' && isRelayTicks(frame)) this.engine.sendTicks(frame);
    else this.send(frame);
    this.sentSeq.set(instrument, Math.max(lastSeq, this.sentSeq.get(instrument) ?? 0));
  }

  /**
   * The relay's last seqs: an instrument whose last event sent here is older than the relay's
   * lost its tail on the way (they travel on one connection, in order), so it is resynced.
   * Instruments being resynced already, or not yet opened, are left to that.
   */
  private lastSeqs(msg: Msg): void {
    if (this.engine.refusesSize(msg, MAX_SEQS_BYTES)) return;
    const decoded = decodeLastSeqs(decoder.decode(msg.data));
    if (!decoded.ok) {
      this.engine.report(
        'BAD_REQUEST',
        `NATS last-seq message on ${msg.subject} refused: ${decoded.error}`,
      );
      return;
    }
    for (const [instrument, seq] of decoded.seqs) {
      this.announced.set(instrument, seq);
      if (this.ready.has(instrument) && (this.sentSeq.get(instrument) ?? 0) < seq)
        void this.snapshot(instrument, seq, true);
    }
  }

  /** A request of the engine's feed client: subscribes ask for snapshots, all are answered. */
  private async request(text: string): Promise<void> {
    const decoded = decodeClientMessage(text);
    if (!decoded.ok) return this.engine.report('BAD_REQUEST', decoded.error.message);
    const message = decoded.value;
    if (message.op !== 'subscribe') {
      this.send(
        JSON.stringify({
          op: 'status',
          id: message.id,
          ok: false,
          error: { code: 'NOT_REPLAY', message: `${message.op} is not served from NATS` },
        }),
      );
      return;
    }
    this.send(JSON.stringify({ op: 'status', id: message.id, ok: true }));
    // Stored history is not replayed per instrument here: a resume gets a fresh snapshot.
    const all = message.instruments.includes('*');
    // A subscribe can overtake the stored hello (read after the socket opened): the hello
    // then sends the snapshots.
    if (all && this.instruments.length === 0) this.wantsAll = true;
    await this.snapshots(all ? this.instruments : message.instruments);
  }

  /**
   * Many instruments' first reads come from one watch of the bucket (./stored-states.ts), each
   * opened as its state arrives; the ones it did not bring are read one by one.
   */
  private async snapshots(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.ready.delete(id);
    const opening: Promise<void>[] = [];
    const handed =
      ids.length < BULK_READ_MIN
        ? new Set<string>()
        : await readStoredStates(
            this.state,
            ids,
            () => this.closed,
            (id, entry) => opening.push(this.snapshot(id, 0, false, entry)),
          );
    for (const id of ids) if (!handed.has(id)) opening.push(this.snapshot(id));
    await Promise.all(opening);
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
   * entry already read (by {@link snapshots}), in place of the first request.
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
    for (let tries = 0, read = true; !this.closed; read = snapshot === null) {
      if (read) {
        const entry = given ?? (await this.state.get(stateKey(instrument)).catch(() => null));
        given = undefined;
        if (this.closed) return;
        text = entry?.operation === 'PUT' ? entry.string() : null;
        const decoded = text === null ? null : decodeServerMessage(text);
        snapshot = decoded?.ok && decoded.value.op === 'snapshot' ? decoded.value : null;
        if (text !== null && (snapshot === null || snapshot.instrument !== instrument)) {
          this.send(text); // the engine counts and shows it
          return;
        }
      }
      const held = this.held.get(instrument) ?? [];
      const fit =
        snapshot === null
          ? null
          : snapshotFit(snapshot.seq, held[0]?.firstSeq, this.announced.get(instrument), wantedSeq);
      const quiet = fit === 'unknown' && performance.now() - this.openedAt >= QUIET_PROOF_MS;
      if (snapshot !== null && (fit === 'fits' || quiet || ++tries >= SNAPSHOT_TRIES)) {
        this.send(lostTail ? JSON.stringify({ ...snapshot, lostTail }) : text!);
        this.sentSeq.set(instrument, snapshot.seq);
        for (const h of held)
          if (h.lastSeq > snapshot.seq) this.sendLive(instrument, h.frame, h.lastSeq);
        this.ready.add(instrument);
        return;
      }
      // Nothing stored yet, or a snapshot that does not fit yet (./snapshot-fit.ts): the
      // relay's next flush, live message or last-seq message settles it. Behind: read again.
      if (fit === 'behind') snapshot = null;
      await new Promise((resolve) => setTimeout(resolve, SNAPSHOT_RETRY_MS));
    }
  }
}
