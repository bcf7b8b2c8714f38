/**
 * The relay: one source read with the engine's own feed client and fold (reconnect, stall,
 * resume, gap resync: main/feed/), published into NATS for any number of desktops. It keeps
 * the same fold the engine keeps, so the latest state it stores is the state a desktop
 * connected directly would hold. See ARCHITECTURE.md, "The relay".
 */
import { hostname } from 'node:os';
import type { NatsConnection } from '@nats-io/nats-core';
import { natsNames } from '../protocol/nats';
import { Metrics } from '../main/feed/metrics';
import { SourceResolver } from '../main/feed/source-resolver';
import { exchangeProtocol } from '../main/feed/adapters/exchange-protocol';
import { connectNats } from '../main/feed/nats/nats-connection';
import type { RelayOptions, RelayStatus, RunningRelay } from './relay-api';
import { acquireLock, type HeldLock } from './relay-lock';
import { RelayPublisher } from './relay-publisher';
import { whileJetStreamBusy } from './jetstream-retry';
import { ensureStorage } from './relay-storage';
import { SourceReader } from './source-reader';

/**
 * Connects to NATS (waiting, retrying, for a server), takes the source's lock (throws
 * `SourceTakenError` if another relay has it), prepares storage, then reads the source.
 */
export async function startRelay(
  options: RelayOptions,
  onStatus: (status: RelayStatus) => void = () => {},
): Promise<RunningRelay> {
  const names = natsNames(options.subjectPrefix, options.name);
  let natsState: RelayStatus['nats'] = { state: 'waiting', server: options.servers.join(',') };
  let lastError: string | null = null;
  const metrics = new Metrics();
  const status = (): RelayStatus => ({
    nats: natsState,
    source: reader?.state ?? { state: 'closed' },
    hello: publisher?.helloStatus() ?? { state: 'none' },
    published: publisher?.messages ?? 0,
    unpublished: publisher?.unpublished() ?? { count: 0, last: null },
    stream: publisher?.streamWrites() ?? { acked: 0, failed: 0, unacked: 0, inFlight: 0 },
    ticksPerSec: metrics.snapshot().ticksPerSec,
    tickAgeP99Ms: metrics.snapshot().latencyP99Ms,
    lastError,
  });
  let publisher: RelayPublisher | null = null;
  let reader: SourceReader | null = null;
  const report = (message: string): void => {
    lastError = message;
    onStatus(status());
  };

  const nc: NatsConnection = await connectNats(
    options.servers,
    options.auth,
    'tickdeck-relay',
    options.signal,
    (attempt, error) => {
      natsState = { state: 'waiting', server: options.servers.join(','), attempt, error };
      onStatus(status());
    },
  );
  natsState = { state: 'connected', server: nc.getServer() };
  void watchNats(nc, (state) => {
    natsState = { state, server: nc.getServer() };
    onStatus(status());
  });
  let lock: HeldLock | null = null;
  let resolveStopped: (reason: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (resolveStopped = resolve));
  let closing: Promise<void> | null = null;
  const sources = new SourceResolver({
    feedEndpoint: options.feedEndpoint ?? null,
    simulator: options.simulator,
    exchanges: exchangeProtocol,
  });

  const close = (): Promise<void> =>
    (closing ??= (async () => {
      reader?.close();
      metrics.close();
      await publisher?.finish();
      await lock?.release().catch(() => undefined);
      await sources.stopSimulator();
      await nc.drain().catch(() => nc.close());
    })());

  const owner = { host: hostname(), pid: process.pid, startedAt: Date.now() };
  const busy = (step: string) => (attempt: number, error: string) =>
    report(`JetStream did not answer ${step} (attempt ${attempt}: ${error}); asking again`);
  try {
    lock = await whileJetStreamBusy(
      () =>
        acquireLock(nc, names, options.name, owner, options.retention.replicas, (reason) => {
          report(reason);
          void close().then(() => resolveStopped(reason));
        }),
      busy('taking the lock'),
      options.signal,
    );
    const { state } = await whileJetStreamBusy(
      () => ensureStorage(nc, names, options.retention),
      busy('preparing storage'),
      options.signal,
    );
    const source = new SourceReader(metrics, report, () => onStatus(status()));
    reader = source;
    publisher = new RelayPublisher(
      nc,
      names,
      state,
      () => source.snapshots(),
      report,
      options.onStreamAck,
    );
    const protocol = await sources.resolve(options.source);
    source.start(protocol, publisher);
  } catch (err) {
    await close();
    throw err;
  }
  return { status, stopped, close };
}

async function watchNats(
  nc: NatsConnection,
  changed: (state: 'connected' | 'reconnecting') => void,
): Promise<void> {
  for await (const s of nc.status()) {
    if (s.type === 'disconnect' || s.type === 'reconnecting') changed('reconnecting');
    if (s.type === 'reconnect') changed('connected');
  }
}
