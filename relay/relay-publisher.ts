/**
 * Writes one source into NATS under its {@link NatsNames}: live messages on core subjects (the
 * stream stores them as they pass), the last `hello` and each instrument's latest snapshot in
 * the state bucket (./latest-states.ts).
 *
 * A live message whose stream write failed (no stream leader during an election) leaves a
 * hole in the stored history, which a replay shows as a gap and can only close with a later
 * snapshot of that instrument. So once the stream acknowledges again, the relay publishes its
 * current snapshot of each instrument that had a failed write, as a live message.
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { HelloMessage, ServerMessage, SnapshotMessage, Tick } from '../protocol/feed';
import type { LiveMessage, NatsNames } from '../protocol/nats';
import { lastSeqsMessages, seqRange, type SeqRange } from '../protocol/nats-seqs';
import { seqHeader } from '../main/feed/nats/seq-header';
import { HelloPublisher, type HelloStatus } from './hello-publisher';
import { LatestStates } from './latest-states';
import type { RelayTimeouts } from './relay-storage';
import {
  ACK_TIMEOUT_MS,
  StreamWriter,
  type StreamAckListener,
  type StreamWrites,
} from './stream-writer';

/**
 * The relay's heartbeat interval, ms, announced in the stored hello: desktops hear the relay's
 * heartbeats (sent while its source is live), not the source's, and call it stale after 1.5.
 */
export const RELAY_HEARTBEAT_MS = 1_000;
/** Rounds of waiting for the stream's answers and repairing, at most, before exit. */
export const FINISH_ROUNDS = 3;
/** Largest payload the relay publishes, bytes; a bigger ticks message is split per tick. */
export const MAX_PUBLISH_BYTES = 512 * 1024;

export class RelayPublisher {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private readonly states: LatestStates;
  private readonly hello: HelloPublisher;
  private published = 0;
  private readonly stream: StreamWriter;
  /** Instruments with a failed stream write since their last stored snapshot. */
  private readonly holes = new Set<string>();
  /** A write failed since the last repair: the next ack repairs at once. */
  private holesAdded = false;
  private repairTimer: NodeJS.Timeout | null = null;
  private readonly repairRetryMs: number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: NatsNames,
    private readonly state: KV,
    /** The relay's own folded state: a snapshot per instrument whose whole state is known. */
    private readonly snapshots: () => readonly SnapshotMessage[],
    /** Hears of a write that failed (the server went away); the relay shows it. */
    private readonly onError: (message: string) => void,
    /** Hears each live message the stream acknowledged, by its stream sequence. */
    onStreamAck?: StreamAckListener,
    { ackTimeoutMs = ACK_TIMEOUT_MS, repairRetryMs = ackTimeoutMs }: RelayTimeouts = {},
  ) {
    this.repairRetryMs = repairRetryMs;
    this.states = new LatestStates(state, snapshots, onError);
    this.hello = new HelloPublisher(nc, names, state, onError);
    this.stream = new StreamWriter(
      nc,
      onError,
      (seq, subject, payload) => {
        onStreamAck?.(seq, subject, payload);
        if (this.holesAdded) this.repairHistory();
      },
      (_subject, payload) => {
        // Our own message, read back only when its write failed (rare: elections, outages).
        const message = JSON.parse(this.decoder.decode(payload)) as LiveMessage;
        const instrument =
          message.op === 'snapshot' ? message.instrument : message.ticks[0]?.instrument;
        if (instrument === undefined) return;
        this.holes.add(instrument);
        this.holesAdded = true;
        this.repairTimer ??= setTimeout(() => this.repairHistory(), this.repairRetryMs);
      },
      { ackTimeoutMs },
    );
  }

  /** Messages published since the start. */
  get messages(): number {
    return this.published;
  }

  /** Whether desks can learn the instruments: the hello published and stored, or why not. */
  helloStatus(): HelloStatus {
    return this.hello.status;
  }

  /** What became of the live messages' stream writes (relay/stream-writer.ts). */
  streamWrites(): StreamWrites {
    return this.stream.writes();
  }

  /**
   * Before exit: writes the pending latest states, waits for every stream write's answer and
   * repairs the holes the failed ones left, until a round fails no write (at most
   * {@link FINISH_ROUNDS} rounds, each bounded by the ack timeout). A write sent during an
   * election fails only at its ack timeout, after a repair made at close time.
   */
  async finish(): Promise<void> {
    await this.hello.settled();
    await this.states.finish();
    for (let round = 0; round < FINISH_ROUNDS; round++) {
      await this.stream.settled();
      if (!this.holesAdded || !this.repairHistory()) break;
    }
    this.close();
  }

  /** Publishes what the source sent, already folded into the relay's state. */
  publish(message: ServerMessage): void {
    switch (message.op) {
      case 'hello':
        return this.publishHello(message);
      case 'snapshot':
        this.sendSnapshot(message);
        return this.states.changed(message.instrument);
      case 'ticks':
        return this.publishTicks(message.ticks);
      default:
        // Heartbeats are the relay's own (see heartbeat()); status and replay replies answer
        // the relay's requests.
        return;
    }
  }

  /** A heartbeat of the relay's own, while its source is live. */
  heartbeat(now: number): void {
    this.send(this.names.heartbeat, { op: 'heartbeat', ts: now });
  }

  /**
   * Each instrument's last published seq (protocol/nats-seqs.ts), cut into bounded messages:
   * how a desk that lost an instrument's last ticks, with no later tick to show the gap,
   * learns it must resync.
   */
  lastSeqs(seqs: ReadonlyMap<string, number>): void {
    for (const text of lastSeqsMessages(seqs))
      this.sendBytes(this.names.seqs, this.encoder.encode(text));
  }

  /** Writes the pending latest states now (./latest-states.ts). */
  flush(): Promise<void> {
    return this.states.flush();
  }

  close(): void {
    if (this.repairTimer) clearTimeout(this.repairTimer);
    this.repairTimer = null;
    this.hello.close();
    this.states.close();
    this.stream.close();
  }

  private publishHello(hello: HelloMessage): void {
    // The stored hello is what a late joiner opens with; replay information is not the relay's.
    const stored: HelloMessage = { ...hello, heartbeatMs: RELAY_HEARTBEAT_MS, replay: undefined };
    this.hello.publish(JSON.stringify(stored));
  }

  /** One message per instrument per source frame: a desktop subscribes per instrument. */
  private publishTicks(ticks: readonly Tick[]): void {
    const byInstrument = new Map<string, Tick[]>();
    for (const tick of ticks) {
      const list = byInstrument.get(tick.instrument);
      if (list) list.push(tick);
      else byInstrument.set(tick.instrument, [tick]);
    }
    for (const [instrument, list] of byInstrument) {
      const subject = this.names.live(instrument);
      const payload = this.encoder.encode(JSON.stringify({ op: 'ticks', ticks: list }));
      if (payload.length <= MAX_PUBLISH_BYTES || list.length === 1)
        this.sendLive(subject, payload, seqRange({ op: 'ticks', ticks: list })!);
      else
        for (const tick of list)
          this.sendLive(
            subject,
            this.encoder.encode(JSON.stringify({ op: 'ticks', ticks: [tick] })),
            seqRange({ op: 'ticks', ticks: [tick] })!,
          );
      this.states.changed(instrument);
    }
  }

  /**
   * A snapshot for each instrument with a hole in its stored history, so a replay resumes
   * there: called at the next ack, after the repair retry time, and before exit. One that
   * fails again is tried again; an instrument waiting for a resync has no snapshot yet (the
   * source's, published live, will close the hole) and waits. Returns how many were sent.
   */
  repairHistory(): number {
    if (this.repairTimer) clearTimeout(this.repairTimer);
    this.repairTimer = null;
    this.holesAdded = false;
    if (this.holes.size === 0) return 0;
    const repairs = this.snapshots().filter((s) => this.holes.has(s.instrument));
    for (const snapshot of repairs) {
      this.holes.delete(snapshot.instrument);
      this.sendSnapshot(snapshot);
    }
    if (this.holes.size > 0)
      this.repairTimer = setTimeout(() => this.repairHistory(), this.repairRetryMs);
    return repairs.length;
  }

  private sendSnapshot(snapshot: SnapshotMessage): void {
    this.sendLive(
      this.names.live(snapshot.instrument),
      this.encoder.encode(JSON.stringify(snapshot)),
      seqRange(snapshot)!,
    );
  }

  /**
   * A live message: the stream stores it, acknowledged (see StreamWriter). Its seq range
   * rides in a header, so desks' gateways need not parse it (main/feed/nats/seq-header.ts).
   */
  private sendLive(subject: string, payload: Uint8Array, range: SeqRange): void {
    try {
      this.stream.write(subject, payload, seqHeader(range));
      this.published++;
    } catch (err) {
      this.onError(`publishing to ${subject} failed: ${(err as Error).message}`);
    }
  }

  private send(subject: string, message: ServerMessage): void {
    this.sendBytes(subject, this.encoder.encode(JSON.stringify(message)));
  }

  private sendBytes(subject: string, payload: Uint8Array): void {
    try {
      this.nc.publish(subject, payload);
      this.published++;
    } catch (err) {
      // Publishing while reconnecting is buffered by the client; only a closed one throws.
      this.onError(`publishing to ${subject} failed: ${(err as Error).message}`);
    }
  }
}
