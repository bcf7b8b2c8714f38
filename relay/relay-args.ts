/**
 * The `tickdeck-relay` command line, parsed strictly: every bad option is refused with a
 * message naming it (exit 2), and every number has a bound.
 */
import { parseArgs } from 'node:util';
import { checkWebSocketUrl, parseFeedTarget } from '../protocol/feed-target';
import {
  DEFAULT_SUBJECT_PREFIX,
  checkSourceName,
  checkSubjectPrefix,
  natsNames,
  parseNatsServers,
} from '../protocol/nats';
import { parseArgsProblem } from '../shared/parse-args-problem';
import type { RelayOptions } from './relay';

/** Longest stream name a NATS server accepts (its JetStream name limit). */
const MAX_STREAM_NAME_CHARS = 255;
/** History kept when no `--retention-age` is given, ms (one day). */
export const DEFAULT_RETENTION_AGE_MS = 24 * 3_600_000;
/** History kept when no `--retention-bytes` is given (1 GiB). */
export const DEFAULT_RETENTION_BYTES = 1024 ** 3;
/** Bounds of `--retention-age`, ms: a minute to a year. */
const RETENTION_AGE_MS = { min: 60_000, max: 366 * 86_400_000 };
/** Bounds of `--retention-bytes`: 1 MiB to 1 TiB. */
const RETENTION_BYTES = { min: 1024 ** 2, max: 1024 ** 4 };

export const USAGE = `Usage: tickdeck-relay --source <feed> --nats <servers> [options]

Reads one source with Tickdeck's feed engine and publishes it to NATS (docs/PROTOCOL.md,
"NATS mapping"), so many desktops share one connection: --feed nats://<server>/<name>.

Options:
  --source <feed>           sim (the simulator), ws://..., kraken:BTC/USD, ... (the app's --feed)
  --nats <servers>          comma list: nats://host:4222,host2:4222 (tls:// for TLS)
  --name <name>             the source's name on NATS (default: sim, the exchange, or host-port)
  --subject-prefix <p>      subject prefix (default ${DEFAULT_SUBJECT_PREFIX})
  --retention-age <dur>     history kept: 90s, 30m, 12h, 7d (default 1d)
  --retention-bytes <size>  history kept: 512MB, 10GB (default 1GB)
  --replicas <n>            JetStream replicas: 1, 3 or 5 (default 1)
  --user <u> --password <p> NATS user and password (or TICKDECK_NATS_PASSWORD)
  --token <t>               NATS token (or TICKDECK_NATS_TOKEN)
  --creds <file>            NATS .creds file (JWT + nkey seed)
  --tls-ca <file>           CA certificate for tls:// servers
  --feed-endpoint <url>     exchange endpoint override
  -h, --help                show this help

Credentials are never printed. Needs nats-server with JetStream (nats-server -js).
`;

/** A bad command line; the message names the option. */
export class RelayUsageError extends Error {}

const UNITS_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const UNITS_BYTES: Record<string, number> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
  tb: 1024 ** 4,
};

function bounded(
  flag: string,
  text: string,
  units: Record<string, number>,
  min: number,
  max: number,
): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  const unit = match ? units[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined)
    throw new RelayUsageError(
      `--${flag} expects a number and a unit (${Object.keys(units).join(', ')}), got "${text}"`,
    );
  const value = Math.round(Number(match[1]) * unit);
  if (value < min || value > max)
    throw new RelayUsageError(`--${flag} is out of range, got "${text}"`);
  return value;
}

/** The default name of a source on NATS. */
function defaultName(source: string | null): string {
  const parsed = parseFeedTarget(source);
  if (!parsed.ok) return 'source';
  const target = parsed.target;
  switch (target.kind) {
    case 'embedded':
      return 'sim';
    case 'exchange':
      return target.exchange;
    case 'tickdeck': {
      const url = new URL(target.url);
      return `${url.hostname}-${url.port || 'ws'}`.replace(/[^A-Za-z0-9_-]/g, '-');
    }
    case 'nats':
      return target.source;
  }
}

/** Result: help, or the options. Throws {@link RelayUsageError}. */
export function parseRelayArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { help: true } | { help: false; options: RelayOptions } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        source: { type: 'string' },
        nats: { type: 'string' },
        name: { type: 'string' },
        'subject-prefix': { type: 'string' },
        'retention-age': { type: 'string' },
        'retention-bytes': { type: 'string' },
        replicas: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        token: { type: 'string' },
        creds: { type: 'string' },
        'tls-ca': { type: 'string' },
        'feed-endpoint': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new RelayUsageError(parseArgsProblem(err as Error & { code?: string }));
  }
  if (values.help === true) return { help: true };
  const str = (key: string): string | undefined =>
    typeof values[key] === 'string' ? (values[key] as string) : undefined;

  const sourceText = str('source');
  if (sourceText === undefined)
    throw new RelayUsageError('--source is required (e.g. --source sim)');
  const source = parseFeedTarget(sourceText);
  if (!source.ok) throw new RelayUsageError(`--source: ${source.error}`);
  if (source.target.kind === 'nats')
    throw new RelayUsageError('--source: a relay reads a feed, not another relay on NATS');

  const natsText = str('nats');
  if (natsText === undefined)
    throw new RelayUsageError('--nats is required (e.g. --nats nats://127.0.0.1:4222)');
  const servers = parseNatsServers(natsText);
  if (!servers.ok) throw new RelayUsageError(`--nats: ${servers.error}`);

  const name = str('name') ?? defaultName(sourceText);
  const nameError = checkSourceName(name);
  if (nameError) throw new RelayUsageError(`--name: ${nameError}`);
  const subjectPrefix = str('subject-prefix') ?? DEFAULT_SUBJECT_PREFIX;
  const prefixError = checkSubjectPrefix(subjectPrefix);
  if (prefixError) throw new RelayUsageError(`--subject-prefix: ${prefixError}`);
  // The longest name the relay makes is its key-value bucket's stream, `KV_<bucket>`; a server
  // refuses a longer one only once connected, naming neither option.
  const longest = `KV_${natsNames(subjectPrefix, name).bucket}`.length;
  if (longest > MAX_STREAM_NAME_CHARS)
    throw new RelayUsageError(
      `--subject-prefix and --name are too long together: they name a stream of ${longest} ` +
        `characters, and NATS allows ${MAX_STREAM_NAME_CHARS}`,
    );

  const ageText = str('retention-age');
  const bytesText = str('retention-bytes');
  const replicasText = str('replicas') ?? '1';
  if (!['1', '3', '5'].includes(replicasText))
    throw new RelayUsageError(`--replicas must be 1, 3 or 5, got "${replicasText}"`);

  const user = str('user') ?? env.TICKDECK_NATS_USER;
  const password = str('password') ?? env.TICKDECK_NATS_PASSWORD;
  if ((user === undefined) !== (password === undefined))
    throw new RelayUsageError('--user and --password go together');
  const token = str('token') ?? env.TICKDECK_NATS_TOKEN;
  const credsFile = str('creds') ?? env.TICKDECK_NATS_CREDS;
  const kinds = [user, token, credsFile].filter((v) => v !== undefined).length;
  if (kinds > 1)
    throw new RelayUsageError(
      'give one kind of NATS credentials: --user/--password, --token or --creds',
    );

  const feedEndpoint = str('feed-endpoint');
  const endpointError = feedEndpoint === undefined ? null : checkWebSocketUrl(feedEndpoint);
  if (endpointError) throw new RelayUsageError(`--feed-endpoint: ${endpointError}`);

  return {
    help: false,
    options: {
      source: sourceText,
      name,
      servers: servers.servers,
      auth: { user, password, token, credsFile, caFile: str('tls-ca') ?? env.TICKDECK_NATS_CA },
      subjectPrefix,
      retention: {
        maxAgeMs:
          ageText === undefined
            ? DEFAULT_RETENTION_AGE_MS
            : bounded(
                'retention-age',
                ageText,
                UNITS_MS,
                RETENTION_AGE_MS.min,
                RETENTION_AGE_MS.max,
              ),
        maxBytes:
          bytesText === undefined
            ? DEFAULT_RETENTION_BYTES
            : bounded(
                'retention-bytes',
                bytesText,
                UNITS_BYTES,
                RETENTION_BYTES.min,
                RETENTION_BYTES.max,
              ),
        replicas: Number(replicasText),
      },
      feedEndpoint: feedEndpoint ?? null,
    },
  };
}
