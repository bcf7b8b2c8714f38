/**
 * A relay's options as the tests start it: one nats-server, the default prefix, no credentials,
 * history kept 10 minutes and 64 MiB on one replica. A test gives what it is about.
 */
import type { RelayOptions } from '../relay/relay-api';

export function testRelayOptions(
  serverUrl: string,
  source: string,
  overrides: Partial<RelayOptions> = {},
): RelayOptions {
  return {
    source,
    name: 'sim',
    servers: [serverUrl],
    auth: {},
    subjectPrefix: 'tickdeck',
    retention: { maxAgeMs: 600_000, maxBytes: 64 * 1024 ** 2, replicas: 1 },
    ...overrides,
  };
}
