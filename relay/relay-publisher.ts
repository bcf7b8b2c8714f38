/**
 * Writes one source into NATS under its {@link NatsNames}: live messages on core subjects (the
 * stream stores them as they pass), the last `hello` and each instrument's latest snapshot in
 * the state bucket (./latest-states.ts). Every message fits the server's `max_payload`
 * (./live-payloads.ts); a hole a failed or refused message leaves in the stored history is
 * repaired with a snapshot (./history-repair.ts). This module decides what each message of the
 * source becomes; the writes themselves, counted and refused when too big, are
 * ./relay-writes.ts's.
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { HelloMessage, ServerMessage, SnapshotMessage, Tick } from '../protocol/feed';
import type { ConnectionState } from '../protocol/health';
import type { NatsNames } from '../protocol/nats';
import { lastSeqsMessages, MAX_SEQS_BYTES } from '../protocol/nats-seqs';
import { sourceDownMessage } from '../protocol/nats-source-down';
import { HelloPublisher, type HelloStatus } from './hello-publisher';
import { HistoryRepair } from './history-repair';
import { LatestStates } from './latest-states';
import { OversizeReport, ticksPayloads } from './live-payloads';
import { RelayWrites } from './relay-writes';
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
  private readonly states: LatestStates;
  private readonly hello: HelloPublisher;
  private readonly oversize: OversizeReport;
  private readonly stream: StreamWriter;
  private readonly writes: RelayWrites;
  private readonly repair: HistoryRepair;

  constructor(
    nc: NatsConnection,
    private readonly names: NatsNames,
    private readonly state: KV,
    /** The relay's own folded state: a snapshot per instrument whose whole state is known. */
    snapshots: () => readonly SnapshotMessage[],
    /** Hears of a write that failed (the server went away); the relay shows it. */
    onError: (message: string) => void,
    /** Hears each live message the stream acknowledged, by its stream sequence. */
    onStreamAck?: StreamAckListener,
    { ackTimeoutMs = ACK_TIMEOUT_MS, repairRetryMs = ackTimeoutMs }: RelayTimeouts = {},
  ) {
    this.repair = new HistoryRepair(snapshots, (s) => this.writes.snapshot(s), repairRetryMs);
    this.oversize = new OversizeReport(onError);
    this.states = new LatestStates(
      state,
      snapshots,
      onError,
      () => this.writes.maxBytes(),
      this.oversize,
    );
    this.hello = new HelloPublisher(nc, names, state, onError);
    this.stream = new StreamWriter(
      nc,
      onError,
      (seq, subject, payload) => {
        onStreamAck?.(seq, subject, payload);
        if (this.repair.pending) this.repair.repair();
      },
      (_subject, payload) => this.repair.writeFailed(payload),
      { ackTimeoutMs },
    );
    this.writes = new RelayWrites(nc, names, this.stream, this.oversize, onError);
  }

  /** Messages published since the start. */
  get messages(): number {
    return this.writes.published;
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
        this.writes.snapshot(message);
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
    this.writes.message(this.names.heartbeat, { op: 'heartbeat', ts: now });
  }

  /** In a heartbeat's place while the source is not live: what is wrong with it (bug 235). */
  sourceDown(state: ConnectionState): void {
    this.writes.text(this.names.sourceDown, sourceDownMessage(state));
  }

  /**
   * Each instrument's last published seq (protocol/nats-seqs.ts), cut into bounded messages:
   * how a desk that lost an instrument's last ticks, with no later tick to show the gap,
   * learns it must resync.
   */
  lastSeqs(seqs: ReadonlyMap<string, number>): void {
    const maxBytes = Math.min(MAX_SEQS_BYTES, this.writes.maxBytes());
    for (const text of lastSeqsMessages(seqs, maxBytes)) this.writes.text(this.names.seqs, text);
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
    const maxBytes = this.writes.maxBytes();
    for (const [instrument, list] of byInstrument) {
      const subject = this.names.live(instrument);
      const { payloads, tooBig } = ticksPayloads(list, maxBytes);
      for (const { payload, range } of payloads) this.writes.live(subject, payload, range);
      for (const { tick, bytes } of tooBig)
        this.writes.refuse(subject, `tick ${tick.seq} of ${instrument}`, bytes, maxBytes);
      if (tooBig.length > 0) this.repair.holeIn(instrument);
      this.states.changed(instrument);
    }
  }
}
