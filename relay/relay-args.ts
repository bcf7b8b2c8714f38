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
import type { RelayOptions } from './relay-api';
import { RelayUsageError } from './relay-usage';
import { parseReplicas, parseRetention } from './retention-args';

/** Longest stream name a NATS server accepts (its JetStream name limit). */
const MAX_STREAM_NAME_CHARS = 255;

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
  const replicas = parseReplicas(str('replicas'));

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
      retention: parseRetention(ageText, bytesText, replicas),
      feedEndpoint: feedEndpoint ?? null,
    },
  };
}
