/**
 * The help of `npm start` and `npm run web` (`--help`): every option with its bound and its
 * default, as README.md's table gives them (app-usage.test.ts holds the two to one list).
 */
import { PHASES } from '../../protocol/alerts';
import { MAX_ALERT_RULES } from '../../protocol/limits';
import { MAX_SOURCES } from '../../protocol/source-names';
import { MAX_WORKSPACE_NAME_CHARS } from '../../protocol/workspace';

/** Usage text for both entry points. */
export const APP_USAGE = `Usage: npm start -- [options]    the desktop app (browser mode without Electron)
       npm run web -- [options]  browser mode: the dashboard served to a browser

Options override the saved settings for this run only. Each is given at most once, but
--feed, --feed-endpoint and --alert, which repeat.

  --feed <feed>            ws://host:port (Tickdeck protocol), <exchange>:<symbols>
                           e.g. kraken:BTC/USD,ETH/USD  binance:btcusdt  coinbase:BTC-USD
                           polymarket-sports, nats://host:4222/<source>, or sim.
                           Repeatable, at most ${MAX_SOURCES}, for several sources at once:
                           --feed sim --feed kraken:BTC/USD --feed coinbase:BTC-USD;
                           instruments are then named <source>:<id> (sim:ACME).
                           Default: the saved sources, else the embedded simulator
  --feed-endpoint <url>    a ws:// or wss:// endpoint for the exchange --feed it follows,
                           at most one each (default: the exchange's own)
  --replay <dir>           open a recording folder for replay, or a source's history on
                           NATS: nats://host:4222/<source>?from=<ISO time>&to=<ISO time>
  --settings <file>        settings file to load and save (default: the desktop app's in
                           its user-data folder; browser mode's in <config dir>/tickdeck/
                           web-settings.json). One app at a time per file: a second one
                           exits 2 naming the first. Not a file the app keeps beside one
                           (<file>.lock, <file>.workspaces.json, <file>.alerts-log.ndjson)
  --recordings-dir <dir>   folder new recordings go in, one sub-folder each (default:
                           the settings file's recordingsDir, else ~/Tickdeck recordings);
                           created when missing, refused when it cannot be written
  --port <n>               browser mode: HTTP port, 0 to 65535; 0 picks a free one
                           (default 5180)
  --host <addr>            browser mode: address to bind (default 127.0.0.1)
  --alert "<rule>"         an alert for this run, repeatable (at most ${MAX_ALERT_RULES}), in
                           the grammar <target> <condition> [values] [on last|mid]
                           [once|every <t>] [expires <t>] [disabled] [note <text>]
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
                           alert rules), which stays the current one; a name of 1 to
                           ${MAX_WORKSPACE_NAME_CHARS} characters; an unknown name exits 2 listing the saved
                           ones (default: the last one used)
  --help                   show this help

A bad option exits 2 with one line naming it. The desktop app lets Chromium's own switches
by (--enable-logging, --no-sandbox) and names any other argument it does not use.`;

/** What a refused command line's one line ends with. */
export const SEE_HELP = '--help lists the options';
