/**
 * Test support: a lossy hop between a relay and its desks. It copies one source from one
 * subject prefix to another on the same NATS server (every core message in order, and the
 * state bucket's entries as they change), and drops the messages a test picks, as a desk's
 * failover would lose them. A relay publishes under `from`; desks read `to`.
 */
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { natsNames } from '../protocol/nats';

export interface NatsForwarder {
  /** Messages dropped so far. */
  readonly dropped: number;
  /** From now on, drops every message whose subject (under `from`) satisfies `match`. */
  drop(match: (subject: string) => boolean): void;
  close(): Promise<void>;
}

/** Starts copying `source` from prefix `from` to `to`; the relay must have created its bucket. */
export async function startNatsForwarder(
  server: string,
  source: string,
  from: string,
  to: string,
): Promise<NatsForwarder> {
  const nc = await connect({ servers: server });
  const upstream = natsNames(from, source);
  const downstream = natsNames(to, source);
  const kvm = new Kvm(nc);
  const fromBucket = await kvm.open(upstream.bucket);
  const toBucket = await kvm.create(downstream.bucket, { history: 1 });
  let dropped = 0;
  let match: (subject: string) => boolean = () => false;
  const fromBase = `${from}.${source}.`;
  nc.subscribe(`${fromBase}>`, {
    callback: (_err, msg) => {
      if (match(msg.subject)) return void dropped++;
      nc.publish(`${to}.${source}.${msg.subject.slice(fromBase.length)}`, msg.data);
    },
  });
  const watch = await fromBucket.watch();
  const copied = (async () => {
    for await (const entry of watch) {
      if (entry.operation === 'PUT') await toBucket.put(entry.key, entry.value);
      else await toBucket.delete(entry.key);
    }
  })();
  return {
    get dropped() {
      return dropped;
    },
    drop: (m) => void (match = m),
    async close() {
      watch.stop();
      await copied.catch(() => undefined);
      await nc.close();
    },
  };
}
