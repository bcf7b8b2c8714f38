/**
 * The relay's writes to NATS, each counted: live messages through the stream (acknowledged,
 * their seq range in a header), its own messages on core subjects, and a message too big for
 * the server's `max_payload` refused, reported and told to the desks on its subject. Apart
 * from ./relay-publisher.ts, which decides what a source's messages become; this only sends.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { ServerMessage, SnapshotMessage } from '../protocol/feed';
import type { NatsNames } from '../protocol/nats';
import { seqRange, type SeqRange } from '../protocol/nats-seqs';
import { seqHeader } from '../main/feed/nats/seq-header';
import { maxLiveBytes, type OversizeReport } from './live-payloads';
import type { StreamWriter } from './stream-writer';

export class RelayWrites {
  private readonly encoder = new TextEncoder();
  private count = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: NatsNames,
    private readonly stream: StreamWriter,
    private readonly oversize: OversizeReport,
    /** Hears of a write that failed (the server went away); the relay shows it. */
    private readonly onError: (message: string) => void,
  ) {}

  /** Messages published since the start. */
  get published(): number {
    return this.count;
  }

  /** The largest live payload the connected server takes, bytes. */
  maxBytes(): number {
    return maxLiveBytes(this.nc.info?.max_payload);
  }

  /** A snapshot as a live message, or refused when it cannot fit. */
  snapshot(snapshot: SnapshotMessage): void {
    const subject = this.names.live(snapshot.instrument);
    const payload = this.encoder.encode(JSON.stringify(snapshot));
    const maxBytes = this.maxBytes();
    if (payload.length <= maxBytes) return this.live(subject, payload, seqRange(snapshot)!);
    const what = `snapshot ${snapshot.seq} of ${snapshot.instrument}`;
    this.refuse(subject, what, payload.length, maxBytes);
  }

  /**
   * A live message: the stream stores it, acknowledged (see StreamWriter). Its seq range
   * rides in a header, so desks' gateways need not parse it (main/feed/nats/seq-header.ts).
   */
  live(subject: string, payload: Uint8Array, range: SeqRange): void {
    try {
      this.stream.write(subject, payload, seqHeader(range));
      this.count++;
    } catch (err) {
      this.onError(`publishing to ${subject} failed: ${(err as Error).message}`);
    }
  }

  /**
   * A message too big to publish: reported, and the desks told on its subject, as a failed
   * status their health bar shows, so they do not miss it in silence.
   */
  refuse(subject: string, what: string, bytes: number, maxBytes: number): void {
    const message = `NATS relay: ${this.oversize.refused(what, bytes, maxBytes)}`;
    this.message(subject, {
      op: 'status',
      id: null,
      ok: false,
      error: { code: 'INTERNAL', message },
    });
  }

  /** A message of the relay's own on a core subject (not stored by the stream). */
  message(subject: string, message: ServerMessage): void {
    this.text(subject, JSON.stringify(message));
  }

  /** A text of the relay's own (a message already written) on a core subject. */
  text(subject: string, text: string): void {
    try {
      this.nc.publish(subject, this.encoder.encode(text));
      this.count++;
    } catch (err) {
      // Publishing while reconnecting is buffered by the client; only a closed one throws.
      this.onError(`publishing to ${subject} failed: ${(err as Error).message}`);
    }
  }
}
