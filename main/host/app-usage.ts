/**
 * The help of `npm start` and `npm run web` (`--help`).
 */
import { PHASES } from '../../protocol/alerts';

/** Usage text for both entry points. */
export const APP_USAGE = `Options:
  --feed <feed>            ws://host:port (Tickdeck protocol), or <exchange>:<symbols>
                           e.g. kraken:BTC/USD,ETH/USD  binance:btcusdt  coinbase:BTC-USD
                           polymarket-sports, or sim. Default: the embedded simulator.
                           Repeatable: several sources at once, e.g. --feed sim
                           --feed kraken:BTC/USD --feed coinbase:BTC-USD; instruments are
                           then named <source>:<id> (sim:ACME, kraken:BTC/USD)
  --feed-endpoint <url>    override the default ws:// endpoint of the exchange --feed it
                           follows
  --replay <dir>           open a recording folder for replay, or a source's history on
                           NATS: nats://host:4222/<source>?from=<ISO time>&to=<ISO time>
  --settings <file>        settings file to load and save (default: the desktop app's in
                           its user-data folder; browser mode's in <config dir>/tickdeck/
                           web-settings.json). Other options override it for this run only.
                           One app at a time per file: a second exits 2 naming the first.
  --recordings-dir <dir>   folder new recordings go in, one sub-folder each (default:
                           the settings file's recordingsDir, else ~/Tickdeck recordings);
                           created when missing, refused when it cannot be written
  --port <n>               browser mode: HTTP port (default 5180; 0 picks a free port)
  --host <addr>            browser mode: address to bind (default 127.0.0.1)
  --alert "<rule>"         an alert for this run (repeatable), in the grammar
                           <target> <condition> [values] [on last|mid] [once|every <t>]
                           [expires <t>] [disabled] [note <text>]
                           target: an instrument id (source:id with several --feed),
                           match:<id>, or feed
                           conditions: above|below|crosses-up|crosses-down <level>,
                           move-up-pct|move-down-pct <pct> <window>, spread-above <v>,
                           volume-above <n> <window>, goal [home|away],
                           red-card [home|away],
                           status ${PHASES.join('|')},
                           odds-move-pct home|draw|away <pct> <window>,
                           stalled, disconnected-for <t>, gap
                           durations: 500ms, 10s, 5m, 1h. e.g. "ACME move-down-pct 5 10s",
                           "ACME crosses-down 92.5 every 30s", "match:m1 goal", "feed stalled"
  --workspace <name>       start in a saved workspace (its feed, layout, charts and
                           alert rules), which stays the current one; an unknown name
                           exits 2 listing the saved ones
  --help                   show this help`;
