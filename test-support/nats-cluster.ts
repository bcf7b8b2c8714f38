/**
 * Test support for the three-node cluster fault tests: start a relay once the new cluster can
 * create storage, find which node leads a stream, and read a stream back whole. Each waits
 * out leader elections (bounded), which a fault test causes on purpose.
 */
import { createHash } from 'node:crypto';
import { DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startRelay } from '../relay/relay';
import type { RelayOptions, RunningRelay } from '../relay/relay-api';

/** How long the cluster may take to elect a leader before a helper gives up, ms. */
const ELECTION_WAIT_MS = 60_000;
const RETRY_MS = 500;

const pause = () => new Promise((resolve) => setTimeout(resolve, RETRY_MS));

/** Asks `attempt` again while it throws, until {@link ELECTION_WAIT_MS} have passed. */
async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ELECTION_WAIT_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await pause();
    }
  }
}

/** Starts a relay, retrying while a new cluster elects its JetStream leader. */
export function startRelayOnCluster(options: RelayOptions): Promise<RunningRelay> {
  return retrying(() => startRelay(options));
}

/** The `server_name` of the node leading `stream` (`n0`, `n1`, `n2`), read from `servers`. */
export function streamLeader(servers: readonly string[], stream: string): Promise<string> {
  return retrying(async () => {
    const nc = await connect({ servers: [...servers] });
    try {
      const leader = (await (await jetstreamManager(nc)).streams.info(stream)).cluster?.leader;
      if (!leader) throw new Error(`${stream} has no leader`);
      return leader;
    } finally {
      await nc.close();
    }
  });
}

/** Every message of `stream`, by stream sequence, read from `servers`. */
export function storedMessages(
  servers: readonly string[],
  stream: string,
): Promise<Map<number, string>> {
  // Right after a node's restart the stream may still be electing a leader: ask again.
  return retrying(() => readStream(servers, stream, (m) => m.string()));
}

/**
 * Every message of `stream` as the SHA-1 of its payload (base64), by stream sequence: the same
 * check as {@link storedMessages} without holding a million payloads (the cluster kill bench).
 */
export function storedDigests(
  servers: readonly string[],
  stream: string,
): Promise<Map<number, string>> {
  return retrying(() =>
    readStream(servers, stream, (m) => createHash('sha1').update(m.data).digest('base64')),
  );
}

async function readStream(servers: readonly string[], stream: string, value: (m: JsMsg) => string) {
  const nc = await connect({ servers: [...servers] });
  try {
    const last = (await (await jetstreamManager(nc)).streams.info(stream)).state.last_seq;
    const consumer = await jetstream(nc).consumers.get(stream, {
      deliver_policy: DeliverPolicy.All,
    });
    const stored = new Map<number, string>();
    const messages = await consumer.consume();
    for await (const m of messages) {
      stored.set(m.seq, value(m));
      if (m.seq >= last) break;
    }
    await messages.close();
    return stored;
  } finally {
    await nc.close();
  }
}
