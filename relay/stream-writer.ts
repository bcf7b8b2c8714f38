/**
 * Live messages written as acknowledged JetStream publishes: the stream stores each one and
 * says so (a PubAck from a quorum of its replicas), and core subscribers on the subject (the
 * desktops) get it as from a plain publish. So "the stream holds it" is known per message,
 * not assumed.
 *
 * The policy when the cluster is slow or down: at most {@link MAX_IN_FLIGHT} publishes wait for
 * their ack. Beyond that a message goes out as a plain publish, counted `unacked`: desktops
 * still get it live and the stream may store it, but nobody waits to know, so the relay never
 * holds a growing queue or stalls its source. A publish whose ack fails (no answer within the
 * ack timeout, {@link ACK_TIMEOUT_MS} by default; no stream leader) is counted `failed` and not
 * retried: a retry would store it out of order behind newer ticks. Failures are reported
 * bounded (relay/failure-report.ts), and so is the first ack after them.
 */
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/nats-core';
import { FailureReport } from './failure-report';

/** Publishes waiting for their ack at most; beyond it messages go out unacknowledged. */
export const MAX_IN_FLIGHT = 10_000;
/** How long a publish waits for its ack by default, ms. */
export const ACK_TIMEOUT_MS = 5_000;

/** What became of the stream writes since the start. */
export interface StreamWrites {
  /** Stored and acknowledged by the stream. */
  readonly acked: number;
  /** Sent with an ack request that failed or timed out: stored or not, unknown. */
  readonly failed: number;
  /** Sent without an ack request because {@link MAX_IN_FLIGHT} were waiting. */
  readonly unacked: number;
  /** Waiting for their ack now. */
  readonly inFlight: number;
}

/** Hears an acknowledged stream write. */
export type StreamAckListener = (streamSeq: number, subject: string, payload: Uint8Array) => void;
/** Hears a write whose ack failed: the stream may lack it. */
export type StreamFailureListener = (subject: string, payload: Uint8Array) => void;

export interface StreamWriterOptions {
  /** How long a publish waits for its ack, ms ({@link ACK_TIMEOUT_MS} by default). */
  readonly ackTimeoutMs?: number;
}

export class StreamWriter {
  private readonly js: JetStreamClient;
  private readonly ackTimeoutMs: number;
  private acked = 0;
  private unacked = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: FailureReport;

  constructor(
    private readonly nc: NatsConnection,
    /** Hears why acks fail, and that they succeed again (at most every few seconds). */
    onError: (message: string) => void,
    /** Hears each acknowledged write: its stream sequence and what it stored (audits, tests). */
    private readonly onAcked: StreamAckListener = () => {},
    /** Hears each failed write (the relay repairs the stored history). */
    private readonly onFailed: StreamFailureListener = () => {},
    { ackTimeoutMs = ACK_TIMEOUT_MS }: StreamWriterOptions = {},
  ) {
    this.ackTimeoutMs = ackTimeoutMs;
    this.js = jetstream(nc, { timeout: ackTimeoutMs });
    this.failures = new FailureReport(
      'stream write not acknowledged',
      'stream writes acknowledged again',
      onError,
    );
  }

  writes(): StreamWrites {
    const { acked, unacked } = this;
    return { acked, failed: this.failures.count, unacked, inFlight: this.pending.size };
  }

  /** Publishes `payload` on `subject`; throws only when the connection is closed. */
  write(subject: string, payload: Uint8Array, headers?: MsgHdrs): void {
    if (this.pending.size >= MAX_IN_FLIGHT) {
      this.nc.publish(subject, payload, { headers });
      this.unacked++;
      return;
    }
    const done: Promise<void> = this.js
      .publish(subject, payload, { timeout: this.ackTimeoutMs, retries: 0, headers })
      .then(
        (ack) => {
          this.acked++;
          this.failures.succeeded();
          this.onAcked(ack.seq, subject, payload);
        },
        (err: Error) => {
          this.onFailed(subject, payload);
          this.failures.failed(err.message);
        },
      )
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** Resolves when every write sent so far has its ack or its failure. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Drops a pending recovery line (the relay is closing). */
  close(): void {
    this.failures.close();
  }
}
