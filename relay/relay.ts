/**
 * The relay: one source read with the engine's own feed client and fold (reconnect, stall,
 * resume, gap resync: main/feed/), published into NATS for any number of desktops. It keeps
 * the same fold the engine keeps, so the latest state it stores is the state a desktop
 * connected directly would hold. See ARCHITECTURE.md, "The relay".
 */
import { hostname } from 'node:os';
import type { NatsConnection } from '@nats-io/nats-core';
import type { ConnectionState } from '../protocol/health';
import { natsNames } from '../protocol/nats';
import type { SimulatorOptions } from '../feed-simulator/index';
import { Metrics } from '../main/feed/metrics';
import { SourceResolver } from '../main/feed/source-resolver';
import { exchangeProtocol } from '../main/feed/adapters/exchange-protocol';
import { connectNats, type NatsAuth } from '../main/feed/nats/nats-connection';
import { acquireLock, type HeldLock } from './relay-lock';
import type { HelloStatus } from './hello-publisher';
import { RelayPublisher } from './relay-publisher';
import { ensureStorage, type Retention } from './relay-storage';
import { SourceReader } from './source-reader';
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

  try {
    lock = await acquireLock(
      nc,
      names,
      options.name,
      { host: hostname(), pid: process.pid, startedAt: Date.now() },
      options.retention.replicas,
      (reason) => {
        report(reason);
        void close().then(() => resolveStopped(reason));
      },
    );
    const { state } = await ensureStorage(nc, names, options.retention);
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
