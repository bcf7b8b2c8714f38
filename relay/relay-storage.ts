/**
 * The relay's JetStream storage: the stream of live messages (its retention) and the state
 * bucket, created or brought to the configured limits at start, and how long the relay waits
 * on JetStream.
 */
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { NatsNames } from '../protocol/nats';
import { ACK_TIMEOUT_MS } from './stream-writer';

/** How long history lives and how much of it is kept. */
export interface Retention {
  readonly maxAgeMs: number;
  readonly maxBytes: number;
  /** JetStream replicas of the stream and buckets (1, or 3 on a cluster). */
  readonly replicas: number;
}

/**
 * How long the relay waits on JetStream. The defaults are the product's; tests of what happens
 * when a wait runs out pass shorter ones, so as not to sit through the real ones.
 */
export interface RelayTimeouts {
  /** A stream write or a state write waits this long for its ack, ms ({@link ACK_TIMEOUT_MS}). */
  readonly ackTimeoutMs?: number;
  /**
   * A hole in the stored history is repaired at the next ack, or after this long without one,
   * ms (the source may have gone quiet). The ack timeout by default: at most one repair
   * snapshot per instrument per ack timeout while the stream stays down.
   */
  readonly repairRetryMs?: number;
}

const NS_PER_MS = 1_000_000;

/** Creates the stream (or updates its limits) and the state bucket. */
export async function ensureStorage(
  nc: NatsConnection,
  names: NatsNames,
  retention: Retention,
  { ackTimeoutMs = ACK_TIMEOUT_MS }: RelayTimeouts = {},
): Promise<{ jsm: JetStreamManager; state: KV }> {
  const jsm = await jetstreamManager(nc);
  const config = {
    subjects: [names.liveAll],
    max_age: retention.maxAgeMs * NS_PER_MS,
    max_bytes: retention.maxBytes,
    num_replicas: retention.replicas,
  };
  try {
    await jsm.streams.info(names.stream);
    await jsm.streams.update(names.stream, config);
  } catch (err) {
    if (!/stream not found/i.test((err as Error).message)) throw err;
    await jsm.streams.add({ name: names.stream, ...config });
  }
  const state = await new Kvm(jetstream(nc, { timeout: ackTimeoutMs })).create(names.bucket, {
    history: 1,
    replicas: retention.replicas,
  });
  return { jsm, state };
}
