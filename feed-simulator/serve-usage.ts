/**
 * The help of `feed-simulator` (`serve`, the default command): every option with its bound and
 * its default, taken from the checks that hold them (./simulator-options.ts), and what each
 * scenario does (./scenarios.ts).
 */
import { MAX_BOOK_LEVELS, MAX_HEARTBEAT_MS, MIN_HEARTBEAT_MS } from '../protocol/limits';
import { SCENARIOS, SCENARIO_NOTES } from './scenarios';
import {
  DEFAULT_SIMULATOR_OPTIONS as DEFAULTS,
  MAX_CLIENTS,
  MAX_MARKETS,
  MAX_MATCHES,
  MAX_MATCH_DURATION_MS,
  MAX_RATE,
  MAX_SEED,
  MIN_MATCH_DURATION_MS,
} from './simulator-options';

/** Help lines are at most this wide. */
const WIDTH = 96;
const NAME_WIDTH = Math.max(...SCENARIOS.map((name) => name.length)) + 2;

/** `words` after `lead`, wrapped at {@link WIDTH} under where they start. */
function wrapped(lead: string, words: readonly string[]): string {
  const lines = [lead];
  for (const word of words) {
    const line = lines.at(-1)!;
    if (line.length > lead.length && line.length + 1 + word.length > WIDTH)
      lines.push(`${' '.repeat(lead.length)}${word}`);
    else lines[lines.length - 1] = line.length > lead.length ? `${line} ${word}` : `${line}${word}`;
  }
  return lines.join('\n');
}

const scenarioLines = SCENARIOS.map((name) =>
  wrapped(`      ${name.padEnd(NAME_WIDTH)}`, SCENARIO_NOTES[name].split(' ')),
).join('\n');

export const SERVE_USAGE = `Usage: feed-simulator [serve] [options]
       feed-simulator record --url <ws url> --out <dir> [--duration <s>]
       feed-simulator replay <dir> [--speed <x>] [--loop] [--port <n>] [--host <host>]
In this repository: npm run feed -- <the same arguments>

Serves simulated market and football data over WebSocket (Tickdeck protocol, see docs/PROTOCOL.md).

Options:
  --host <host>             interface to listen on (default ${DEFAULTS.host})
  --port <n>                port, 0 to 65535; 0 picks a free one (default ${DEFAULTS.port})
  --rate <n>                market ticks per second across all instruments, above 0, at most
                            ${MAX_RATE} (default ${DEFAULTS.rate})
  --instruments <n>         market instruments, 0 to ${MAX_MARKETS} (default ${DEFAULTS.instruments})
  --matches <n>             football matches, 0 to ${MAX_MATCHES} (default ${DEFAULTS.matches}); at least one of the two
  --seed <n>                random seed, 0 to ${MAX_SEED}; same seed, same events (default ${DEFAULTS.seed})
  --scenario <name>         what the market and the connections go through (default ${DEFAULTS.scenario}):
${scenarioLines}
  --heartbeat-ms <n>        heartbeat interval, ms, ${MIN_HEARTBEAT_MS} to ${MAX_HEARTBEAT_MS} (default ${DEFAULTS.heartbeatMs})
  --max-clients <n>         connections beyond this are refused, 1 to ${MAX_CLIENTS} (default ${DEFAULTS.maxClients})
  --match-duration-ms <n>   real ms for 90 minutes of match time, ${MIN_MATCH_DURATION_MS} to ${MAX_MATCH_DURATION_MS}
                            (default ${DEFAULTS.matchDurationMs})
  --book-levels <n>         order book levels a side per instrument, 0 (none) to ${MAX_BOOK_LEVELS}
                            (default ${DEFAULTS.bookLevels})
  -h, --help                show this help; record --help and replay --help show theirs

Examples:
  npm run feed -- --port 0
  npm run feed -- --rate 100000 --scenario burst --seed 42
  npm run feed -- --scenario disruption --match-duration-ms 60000
`;
