/**
 * Writes one source into NATS under its {@link NatsNames}: live messages on core subjects (the
 * stream stores them as they pass), the last `hello` and each instrument's latest snapshot in
 * the state bucket (./latest-states.ts). Every message fits the server's `max_payload`
 * (./live-payloads.ts); a hole a failed or refused message leaves in the stored history is
 * repaired with a snapshot (./history-repair.ts).
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { HelloMessage, ServerMessage, SnapshotMessage, Tick } from '../protocol/feed';
import type { LiveMessage, NatsNames } from '../protocol/nats';
import { lastSeqsMessages, MAX_SEQS_BYTES, seqRange, type SeqRange } from '../protocol/nats-seqs';
import { seqHeader } from '../main/feed/nats/seq-header';
import { HelloPublisher, type HelloStatus } from './hello-publisher';
import { HistoryRepair } from './history-repair';
import { LatestStates } from './latest-states';
import { maxLiveBytes, OversizeReport, ticksPayloads } from './live-payloads';
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

export class RelayPublisher {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private readonly states: LatestStates;
  private readonly hello: HelloPublisher;
  private readonly oversize: OversizeReport;
  private published = 0;
  private readonly stream: StreamWriter;
  private readonly repair: HistoryRepair;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: NatsNames,
    private readonly state: KV,
    /** The relay's own folded state: a snapshot per instrument whose whole state is known. */
    snapshots: () => readonly SnapshotMessage[],
    /** Hears of a write that failed (the server went away); the relay shows it. */
    private readonly onError: (message: string) => void,
    /** Hears each live message the stream acknowledged, by its stream sequence. */
    onStreamAck?: StreamAckListener,
    { ackTimeoutMs = ACK_TIMEOUT_MS, repairRetryMs = ackTimeoutMs }: RelayTimeouts = {},
  ) {
    this.repair = new HistoryRepair(snapshots, (s) => this.sendSnapshot(s), repairRetryMs);
    this.oversize = new OversizeReport(onError);
    this.states = new LatestStates(state, snapshots, onError, () => this.maxBytes(), this.oversize);
    this.hello = new HelloPublisher(nc, names, state, onError);
    this.stream = new StreamWriter(
      nc,
      onError,
      (seq, subject, payload) => {
        onStreamAck?.(seq, subject, payload);
        if (this.repair.pending) this.repair.repair();
      },
      (_subject, payload) => {
        // Our own message, read back only when its write failed (rare: elections, outages).
        const message = JSON.parse(this.decoder.decode(payload)) as LiveMessage;
        const instrument =
          message.op === 'snapshot' ? message.instrument : message.ticks[0]?.instrument;
        if (instrument !== undefined) this.repair.holeIn(instrument);
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

  /** Messages not sent for their size since the start, and the last one. */
  unpublished(): { readonly count: number; readonly last: string | null } {
    return { count: this.oversize.count, last: this.oversize.last };
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
      if (!this.repair.pending || !this.repair.repair()) break;
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
    const maxBytes = Math.min(MAX_SEQS_BYTES, this.maxBytes());
    for (const text of lastSeqsMessages(seqs, maxBytes))
      this.sendBytes(this.names.seqs, this.encoder.encode(text));
  }

  /** Writes the pending latest states now (./latest-states.ts). */
  flush(): Promise<void> {
    return this.states.flush();
  }

  close(): void {
    this.repair.close();
    this.hello.close();
    this.states.close();
    this.stream.close();
    this.oversize.close();
  }

  private publishHello(hello: HelloMessage): void {
    // The stored hello is what a late joiner opens with; replay information is not the relay's.
    const stored: HelloMessage = { ...hello, heartbeatMs: RELAY_HEARTBEAT_MS, replay: undefined };
    this.hello.publish(JSON.stringify(stored));
  }

  /**
   * One message per instrument per source frame (a desktop subscribes per instrument), cut to
   * fit the server's `max_payload` (./live-payloads.ts). A tick too big for any message leaves
   * a hole, repaired with the instrument's snapshot if that fits.
   */
  private publishTicks(ticks: readonly Tick[]): void {
    const byInstrument = new Map<string, Tick[]>();
    for (const tick of ticks) {
      const list = byInstrument.get(tick.instrument);
      if (list) list.push(tick);
      else byInstrument.set(tick.instrument, [tick]);
    }
    const maxBytes = this.maxBytes();
    for (const [instrument, list] of byInstrument) {
      const subject = this.names.live(instrument);
      const { payloads, tooBig } = ticksPayloads(list, maxBytes);
      for (const { payload, range } of payloads) this.sendLive(subject, payload, range);
      for (const { tick, bytes } of tooBig)
        this.refuse(subject, `tick ${tick.seq} of ${instrument}`, bytes, maxBytes);
      if (tooBig.length > 0) this.repair.holeIn(instrument);
      this.states.changed(instrument);
    }
  }

  /** The largest live payload the connected server takes, bytes. */
  private maxBytes(): number {
    return maxLiveBytes(this.nc.info?.max_payload);
  }

  /**
   * A message too big to publish: reported, and the desks told on its subject, as a failed
   * status their health bar shows, so they do not miss it in silence.
   */
  private refuse(subject: string, what: string, bytes: number, maxBytes: number): void {
    const message = `NATS relay: ${this.oversize.refused(what, bytes, maxBytes)}`;
    this.send(subject, { op: 'status', id: null, ok: false, error: { code: 'INTERNAL', message } });
  }

  private sendSnapshot(snapshot: SnapshotMessage): void {
    const subject = this.names.live(snapshot.instrument);
    const payload = this.encoder.encode(JSON.stringify(snapshot));
    const maxBytes = this.maxBytes();
    if (payload.length <= maxBytes) return this.sendLive(subject, payload, seqRange(snapshot)!);
    const what = `snapshot ${snapshot.seq} of ${snapshot.instrument}`;
    this.refuse(subject, what, payload.length, maxBytes);
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
