/**
 * The relay as its command line and tests start it: its options, the status it reports and the
 * handle of a running relay (./relay.ts starts one).
 */
import type { ConnectionState } from '../protocol/health';
import type { SimulatorOptions } from '../feed-simulator/index';
import type { NatsAuth } from '../main/feed/nats/nats-connection';
import type { HelloStatus } from './hello-publisher';
import type { Retention } from './relay-storage';
import type { StreamAckListener, StreamWrites } from './stream-writer';

export interface RelayOptions {
  /** The feed grammar (protocol/feed-target.ts); null or `sim` for the simulator. */
  readonly source: string | null;
  /** The source's name on NATS. */
  readonly name: string;
  readonly servers: readonly string[];
  readonly auth: NatsAuth;
  readonly subjectPrefix: string;
  readonly retention: Retention;
  /** Exchange endpoint override (`--feed-endpoint`). */
  readonly feedEndpoint?: string | null;
  /** The embedded simulator's options when the source is `sim`. */
  readonly simulator?: SimulatorOptions;
  /** Aborting it gives up waiting for a NATS server (Ctrl+C before one answered). */
  readonly signal?: AbortSignal;
  /** Hears each live message the stream acknowledged, by its stream sequence (audits, tests). */
  readonly onStreamAck?: StreamAckListener;
}

/** What the status line shows. */
export interface RelayStatus {
  /** `waiting`: no NATS server answered yet; `connected`: which one; `reconnecting`. */
  readonly nats: {
    readonly state: 'waiting' | 'connected' | 'reconnecting';
    readonly server: string;
    /** While waiting: the failed attempts so far and the last one's error. */
    readonly attempt?: number;
    readonly error?: string;
  };
  readonly source: ConnectionState;
  /** The source's hello on NATS: until it is published and stored, desks cannot join. */
  readonly hello: HelloStatus;
  readonly published: number;
  /**
   * Messages not sent for being over the server's `max_payload` (relay/live-payloads.ts), and
   * the last: desks miss them, so the status line says so beside "source live".
   */
  readonly unpublished: { readonly count: number; readonly last: string | null };
  /** The live messages' stream writes: acknowledged, failed, sent unacknowledged. */
  readonly stream: StreamWrites;
  readonly ticksPerSec: number;
  /**
   * How old the ticks were when published (the relay's clock minus the source's `ts`), 99th
   * percentile over the last second; null without ticks. A relay that falls behind its source
   * (starved of CPU, its socket backing up) shows it here, not only at the desks.
   */
  readonly tickAgeP99Ms: number | null;
  readonly lastError: string | null;
}

export interface RunningRelay {
  status(): RelayStatus;
  /** Resolves when the relay stopped on its own (lock lost); never rejects. */
  readonly stopped: Promise<string>;
  /** Flushes the latest states, frees the source and closes everything. */
  close(): Promise<void>;
}
