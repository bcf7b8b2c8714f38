/**
 * Test support: real `nats-server` processes on loopback (one server, or a three-node cluster),
 * each with JetStream in its own temporary folder, stopped after each test. Call
 * `useNatsServers()` at the top of a test file. A missing binary fails the test with the
 * install line; it is never skipped. The process itself is nats-server-process.ts's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { requireNatsServer, ServerProcess, type NatsServer } from './nats-server-process';

export type { NatsServer } from './nats-server-process';

/** A free loopback TCP port (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface NatsServerOptions {
  /** Extra config text (authorization, accounts), appended to the generated config. */
  readonly config?: string;
  /** Client port; a free one by default. Reuse it to restart a server where it was. */
  readonly port?: number;
  /** Serves the monitoring endpoints (`/varz`, `/connz`) on a free loopback port (benches). */
  readonly monitor?: boolean;
}

/** A server this process started, with its folder; `dispose` kills it and removes the folder. */
export interface OwnedNatsServer extends NatsServer {
  /** `http://127.0.0.1:<port>` of the monitoring endpoints, when asked for. */
  readonly monitorUrl: string | undefined;
  dispose(): Promise<void>;
}

async function launch(
  port: number,
  text: string,
  dir: string,
  monitorUrl?: string,
): Promise<OwnedNatsServer> {
  const file = join(dir, 'nats.conf');
  writeFileSync(file, text);
  const server = new ServerProcess(port, file);
  const owned = Object.assign(server, {
    monitorUrl,
    async dispose() {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  });
  try {
    await server.start();
  } catch (err) {
    await owned.dispose();
    throw err;
  }
  return owned;
}

/**
 * How many times a server (or cluster) is started on ports found free: another process can take
 * a port between the check and the server's bind ("address already in use", seen on this
 * shared machine in relay/cluster.test.ts), and fresh ports then succeed.
 */
export const PORT_ATTEMPTS = 3;

export async function onFreePorts<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      const taken = err instanceof Error && /address already in use/i.test(err.message);
      if (!taken || attempt >= PORT_ATTEMPTS) throw err;
    }
  }
}

/** One server with JetStream in a fresh folder (benches; tests use {@link useNatsServers}). */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<OwnedNatsServer> {
  requireNatsServer();
  return options.port === undefined ? onFreePorts(() => startOne(options)) : startOne(options);
}

async function startOne(options: NatsServerOptions): Promise<OwnedNatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-nats-'));
  const port = options.port ?? (await freePort());
  const monitorPort = options.monitor ? await freePort() : null;
  const text = [
    `listen: "127.0.0.1:${port}"`,
    `jetstream { store_dir: ${JSON.stringify(join(dir, 'js'))} }`,
    monitorPort === null ? '' : `http: "127.0.0.1:${monitorPort}"`,
    options.config ?? '',
  ].join('\n');
  const monitorUrl = monitorPort === null ? undefined : `http://127.0.0.1:${monitorPort}`;
  return launch(port, text, dir, monitorUrl);
}

/**
 * Three servers in one JetStream cluster on loopback ports; `monitor` gives each its monitoring
 * endpoints (`/jsz` shows that node's own copy of a stream: the cluster kill bench).
 */
export async function startNatsCluster(
  options: { readonly monitor?: boolean } = {},
): Promise<OwnedNatsServer[]> {
  requireNatsServer();
  return onFreePorts(() => startCluster(options.monitor === true));
}

async function startCluster(monitor: boolean): Promise<OwnedNatsServer[]> {
  const ports = await Promise.all([0, 1, 2].map(() => freePort()));
  const routes = await Promise.all([0, 1, 2].map(() => freePort()));
  const monitors = monitor ? await Promise.all([0, 1, 2].map(() => freePort())) : [];
  const started = await Promise.allSettled(
    [0, 1, 2].map((i) => {
      const dir = mkdtempSync(join(tmpdir(), `tickdeck-nats-n${i}-`));
      const monitorPort = monitors[i];
      const text = [
        `server_name: n${i}`,
        `listen: "127.0.0.1:${ports[i]}"`,
        `jetstream { store_dir: ${JSON.stringify(join(dir, 'js'))} }`,
        `cluster { name: tickdeck, listen: "127.0.0.1:${routes[i]}",`,
        `  routes: [${routes.map((p) => `"nats-route://127.0.0.1:${p}"`).join(', ')}] }`,
        monitorPort === undefined ? '' : `http: "127.0.0.1:${monitorPort}"`,
      ].join('\n');
      const monitorUrl = monitorPort === undefined ? undefined : `http://127.0.0.1:${monitorPort}`;
      return launch(ports[i]!, text, dir, monitorUrl);
    }),
  );
  const failed = started.find((s) => s.status === 'rejected');
  if (failed === undefined)
    return started.map((s) => (s as PromiseFulfilledResult<OwnedNatsServer>).value);
  // The nodes that did start are stopped before the cluster is tried again or given up.
  await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.dispose() : null)));
  throw failed.reason;
}

/** Starts servers for one test file; all are killed and their folders removed after each test. */
export function useNatsServers() {
  const servers: OwnedNatsServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.dispose()));
  });
  return {
    /** One server with JetStream. */
    async start(options: NatsServerOptions = {}): Promise<NatsServer> {
      const server = await startNatsServer(options);
      servers.push(server);
      return server;
    },
    /** Three servers in one JetStream cluster on loopback ports. */
    async startCluster(): Promise<NatsServer[]> {
      const cluster = await startNatsCluster();
      servers.push(...cluster);
      return cluster;
    },
  };
}
