/**
 * A source on NATS served as a Tickdeck feed on 127.0.0.1, so the engine reads it with its own
 * feed client (stall, reconnect, gap resync) as it reads any server: the same decision as
 * "Replay is a feed" in ARCHITECTURE.md. The server is private to the engine that started it
 * (a per-run token; browser origins refused). While no NATS server answers, sockets are closed
 * with 1013 and the reason, so the engine shows it and retries on its backoff. An engine that
 * reads too slowly is cut as the simulator cuts one (4000, slow consumer), and the NATS
 * connection is made afresh: nats-server would otherwise queue for it, up to its
 * `max_pending` (64 MiB by default), and its ticks would arrive seconds old. The engine
 * reconnects and reads the stored states, as a late joiner does.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { FeedSource, LinkDown } from '../../../protocol/health';
import { CLOSE_CODES } from '../../../protocol/feed';
import { DEFAULT_SUBJECT_PREFIX, natsNames } from '../../../protocol/nats';
import { listenSockets, sameSecret, type UpgradeRefusal } from '../../../net/socket-server';
import { LinkWatch } from './link-watch';
import { connectNats, type NatsAuth } from './nats-connection';
import { NatsSession } from './nats-session';

const TOKEN_PARAM = 'token';
/** A WebSocket close reason holds at most 123 bytes. */
const MAX_REASON_CHARS = 120;
/** Largest frame the engine sends the gateway (its subscribe frames), bytes. */
const MAX_REQUEST_BYTES = 64 * 1024;

export interface NatsGatewayOptions {
  readonly servers: readonly string[];
  /** The source's name on NATS. */
  readonly source: string;
  readonly auth: NatsAuth;
  readonly subjectPrefix?: string;
}

export interface NatsGateway {
  /** The `ws://127.0.0.1:<port>/?token=...` URL the engine connects to. */
  readonly url: string;
  /**
   * How the health bar names the source; its label follows the NATS server connected to
   * (and counts the cluster's other members), read whenever health is built.
   */
  readonly source: FeedSource;
  close(): Promise<void>;
}

function checkSecret(req: IncomingMessage, token: string): UpgradeRefusal | null {
  if (req.headers.origin !== undefined) return { status: 403, reason: 'Browser pages refused' };
  const given = new URL(req.url ?? '/', 'ws://x').searchParams.get(TOKEN_PARAM);
  return sameSecret(given, token) ? null : { status: 401, reason: 'Missing or wrong token' };
}

/** Starts listening at once; the NATS connection is made (and remade) in the background. */
export async function startNatsGateway(options: NatsGatewayOptions): Promise<NatsGateway> {
  const names = natsNames(options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX, options.source);
  const noRelay = `no relay has published "${options.source}"`;
  const token = randomBytes(24).toString('hex');
  let nc: NatsConnection | null = null;
  let bucket: KV | null = null;
  const stop = new AbortController();
  const wanted = options.servers.map((s) => s.replace(/^(nats|tls):\/\//, '')).join(', ');
  let lastAttempt: string | null = null;
  const links = new LinkWatch(names, Date.now());
  const connect = (): void =>
    void connectNats(options.servers, options.auth, 'tickdeck-desktop', stop.signal, (n, error) => {
      lastAttempt = `NATS at ${wanted}: ${error} (attempt ${n})`;
      links.lost(lastAttempt);
    }).then(
      (conn) => {
        nc = conn;
        links.follow(conn);
      },
      (err: Error) => {
        lastAttempt = err.message; // closed, or an unreadable creds file
        links.lost(lastAttempt);
      },
    );
  connect();
  const sessions = new Set<NatsSession>();
  /** An engine fell behind: cut every engine, and drop what nats-server queued for them. */
  const shed = (lagMs: number): void => {
    const reason = `slow consumer: NATS messages ${(lagMs / 1000).toFixed(1)} s behind`;
    for (const session of sessions) session.cut(CLOSE_CODES.SLOW_CONSUMER, reason);
    const conn = nc;
    nc = null;
    bucket = null;
    lastAttempt = `reconnecting after a ${reason}`;
    links.lost(lastAttempt);
    void conn?.close().finally(connect);
  };

  const sockets = await listenSockets({
    host: '127.0.0.1',
    port: 0,
    maxPayloadBytes: MAX_REQUEST_BYTES,
    checkUpgrade: (req) => checkSecret(req, token),
    onConnection: (ws) => {
      const conn = nc;
      if (conn === null || conn.isClosed()) {
        const why = lastAttempt ?? `no NATS server answers at ${wanted}`;
        return ws.close(CLOSE_CODES.TRY_AGAIN_LATER, why.slice(0, MAX_REASON_CHARS));
      }
      void (async () => {
        let session: NatsSession | null = null;
        try {
          bucket ??= await new Kvm(conn).open(names.bucket);
          session = new NatsSession(ws, conn, bucket, names, shed, () => links.heard());
          sessions.add(session);
          ws.once('close', () => sessions.delete(session!));
          const notOpen = await session.open();
          if (notOpen === null) return;
          const why = notOpen === 'none' ? noRelay : notOpen;
          ws.close(CLOSE_CODES.TRY_AGAIN_LATER, why.slice(0, MAX_REASON_CHARS));
        } catch (err) {
          bucket = null;
          const message = (err as Error).message;
          // No relay of this source ever ran on the server: its bucket is not there ("NATS:
          // stream not found" told the desk nothing of what to do).
          const why = /stream not found/i.test(message) ? noRelay : `NATS: ${message}`;
          ws.close(CLOSE_CODES.TRY_AGAIN_LATER, why.slice(0, MAX_REASON_CHARS));
        }
        session?.close();
      })();
    },
  });

  const source = {
    kind: 'url' as const,
    get label(): string {
      if (nc === null || nc.isClosed()) return `NATS ${wanted} · ${options.source} (connecting)`;
      const others = nc.getServers().length - 1;
      const server = nc.getServer().replace(/^(nats|tls):\/\//, '');
      return `NATS ${server}${others > 0 ? ` (+${others} in cluster)` : ''} · ${options.source}`;
    },
    get linkDown(): LinkDown | undefined {
      return links.linkDown();
    },
  };
  return {
    url: `ws://127.0.0.1:${sockets.port}/?${TOKEN_PARAM}=${token}`,
    source,
    async close() {
      stop.abort(new Error('the NATS source was closed'));
      links.close();
      await sockets.close(CLOSE_CODES.GOING_AWAY, 'source closed', 500);
      const conn = nc as NatsConnection | null;
      nc = null;
      await conn?.close();
    },
  };
}
