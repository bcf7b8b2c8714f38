/**
 * Opens a NATS connection the way both the relay and the desktop need it: a cluster list,
 * credentials (user/password, token or a creds file; never logged), TLS with an optional CA
 * file, and reconnection forever on the engine's own backoff schedule, so a server that is
 * down is a state to show, never an error that ends the process.
 */
import { readFileSync } from 'node:fs';
import {
  connect,
  credsAuthenticator,
  type ConnectionOptions,
  type NatsConnection,
} from '@nats-io/transport-node';
import { Backoff } from '../backoff';

/**
 * Longest wait between reconnection rounds, ms. Shorter than a feed's cap: a NATS server is
 * our own infrastructure (no venue to be banned by), and a desk waits on it.
 */
export const NATS_RECONNECT_CAP_MS = 2_000;

/** How a client proves who it is, and whom it trusts. All optional. */
export interface NatsAuth {
  readonly user?: string;
  readonly password?: string;
  readonly token?: string;
  /** A `.creds` file (JWT and nkey seed), as `nsc` writes them. */
  readonly credsFile?: string;
  /** PEM file of the CA that signed the servers' certificates (`tls://` servers). */
  readonly caFile?: string;
}

/** The credentials a desktop reads from its environment, so they never land in settings. */
export function natsAuthFromEnv(env: NodeJS.ProcessEnv = process.env): NatsAuth {
  return {
    user: env.TICKDECK_NATS_USER || undefined,
    password: env.TICKDECK_NATS_PASSWORD || undefined,
    token: env.TICKDECK_NATS_TOKEN || undefined,
    credsFile: env.TICKDECK_NATS_CREDS || undefined,
    caFile: env.TICKDECK_NATS_CA || undefined,
  };
}

/** The client options for `servers` with `auth`; throws when a creds file cannot be read. */
export function natsOptions(
  servers: readonly string[],
  auth: NatsAuth,
  name: string,
): ConnectionOptions {
  const backoff = new Backoff({ capMs: NATS_RECONNECT_CAP_MS });
  const options: ConnectionOptions = {
    servers: [...servers],
    name,
    maxReconnectAttempts: -1,
    reconnectDelayHandler: () => backoff.next(),
    // Otherwise every request (each acknowledged stream write) builds two Error objects up
    // front for their stack traces: 9 % of the relay's CPU in a profile. Errors are shown by
    // their message, which keeps what failed.
    noAsyncTraces: true,
  };
  if (auth.user !== undefined) Object.assign(options, { user: auth.user, pass: auth.password });
  if (auth.token !== undefined) options.token = auth.token;
  if (auth.credsFile !== undefined) {
    let creds: Uint8Array;
    try {
      creds = readFileSync(auth.credsFile);
    } catch (err) {
      throw new Error(`cannot read the NATS creds file: ${(err as Error).message}`, {
        cause: err,
      });
    }
    options.authenticator = credsAuthenticator(creds);
    // The client parses the file only when it connects, and then retries for ever on "unable
    // to parse credentials": a file that is not a creds file is said once, naming it, here.
    try {
      options.authenticator('check');
    } catch (err) {
      throw new Error(
        `${auth.credsFile} is not a NATS creds file (a JWT and an nkey seed, as nsc writes them): ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
  if (auth.caFile !== undefined) options.tls = { caFile: auth.caFile };
  else if (servers.some((s) => s.startsWith('tls://'))) options.tls = {};
  return options;
}

/**
 * Connects, retrying on the backoff until a server answers or `signal` aborts (then it rejects
 * with the abort reason). Each failed attempt is reported, so the caller can show why. Once
 * connected, the client itself reconnects forever.
 */
export async function connectNats(
  servers: readonly string[],
  auth: NatsAuth,
  name: string,
  signal?: AbortSignal,
  onAttemptFailed: (attempt: number, error: string) => void = () => {},
): Promise<NatsConnection> {
  const options = natsOptions(servers, auth, name);
  const backoff = new Backoff({ capMs: NATS_RECONNECT_CAP_MS });
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await connect(options);
    } catch (err) {
      onAttemptFailed(attempt, (err as Error).message);
    }
    const delayMs = backoff.next();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, delayMs);
      signal?.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}
