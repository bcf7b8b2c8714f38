/** The `tickdeck-relay` command's help, and the error a bad command line is refused with. */
import { DEFAULT_SUBJECT_PREFIX } from '../protocol/nats';

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
