/**
 * The `feed-simulator` command line: parses flags strictly, starts the simulator, prints where
 * it listens and one live status line, and shuts down cleanly on SIGINT/SIGTERM. Subcommands
 * are looked up in COMMANDS; a first argument that is not one of them runs `serve`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  DEFAULT_SIMULATOR_OPTIONS as DEFAULTS,
  SCENARIOS,
  SimulatorOptionError,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
  type SimulatorStats,
} from './index';
import {
  EXIT_FAILURE,
  EXIT_USAGE,
  PLAIN_STATUS_INTERVAL_MS,
  TTY_STATUS_INTERVAL_MS,
  UsageError,
  formatBytes,
  listenFailure,
  statusWriter,
  type CommandIo,
} from './cli-support';
import { parseArgsProblem } from '../shared/parse-args-problem';
import { runRecordCli } from './record-cli';
import { runReplayCli } from './replay-cli';

/** Where the CLI writes; tests pass their own. */
export type CliIo = CommandIo;

const USAGE = `Usage: feed-simulator [serve] [options]
       feed-simulator record --url <ws url> --out <dir> [--duration <s>]
       feed-simulator replay <dir> [--speed <x>] [--loop] [--port <n>]

Serves simulated market and football data over WebSocket (Tickdeck protocol, see docs/PROTOCOL.md).

Options:
  --host <host>             interface to listen on (default ${DEFAULTS.host})
  --port <n>                port; 0 picks a free one (default ${DEFAULTS.port})
  --rate <n>                market ticks per second across all instruments (default ${DEFAULTS.rate})
  --instruments <n>         market instruments (default ${DEFAULTS.instruments})
  --matches <n>             football matches (default ${DEFAULTS.matches})
  --seed <n>                random seed; same seed, same events (default ${DEFAULTS.seed})
  --scenario <name>         ${SCENARIOS.join(' | ')} (default ${DEFAULTS.scenario})
  --heartbeat-ms <n>        heartbeat interval, ms (default ${DEFAULTS.heartbeatMs})
  --max-clients <n>         connections beyond this are refused (default ${DEFAULTS.maxClients})
  --match-duration-ms <n>   real ms for 90 minutes of match time (default ${DEFAULTS.matchDurationMs})
  --book-levels <n>         order book levels a side per instrument, 0 for none (default ${DEFAULTS.bookLevels})
  -h, --help                show this help

Examples:
  npm run feed -- --port 0
  npm run feed -- --rate 100000 --scenario burst --seed 42
`;

/** Numeric flags and the option each sets. */
const NUMERIC_FLAGS = {
  port: 'port',
  rate: 'rate',
  instruments: 'instruments',
  matches: 'matches',
  seed: 'seed',
  'heartbeat-ms': 'heartbeatMs',
  'max-clients': 'maxClients',
  'match-duration-ms': 'matchDurationMs',
  'book-levels': 'bookLevels',
} as const satisfies Record<string, keyof SimulatorOptions>;

const PARSE_OPTIONS = {
  host: { type: 'string' },
  scenario: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(Object.keys(NUMERIC_FLAGS).map((flag) => [flag, { type: 'string' }])),
} satisfies ParseArgsConfig['options'];

type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Subcommands by name. */
const COMMANDS: Readonly<Record<string, Command>> = {
  serve,
  record: runRecordCli,
  replay: runReplayCli,
};

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function runCli(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [first, ...rest] = argv;
  const command = first !== undefined ? COMMANDS[first] : undefined;
  try {
    return command ? await command(rest, io) : await serve(argv, io);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`feed-simulator: ${err.message}\nRun feed-simulator --help for usage.\n`);
    return EXIT_USAGE;
  }
}

async function serve(argv: string[], io: CliIo): Promise<number> {
  const options = parseServeArgs(argv);
  if (options === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  let sim: RunningSimulator;
  try {
    sim = await startSimulator(options);
  } catch (err) {
    if (err instanceof SimulatorOptionError) throw new UsageError(invalidOptionMessage(err));
    const failure = listenFailure(
      err,
      options.host ?? DEFAULTS.host,
      options.port ?? DEFAULTS.port,
    );
    if (failure === null) throw err;
    io.stderr.write(`feed-simulator: ${failure}\n`);
    return EXIT_FAILURE;
  }
  const o = { ...DEFAULTS, ...options };
  io.stdout.write(
    `Tickdeck feed simulator listening on ${sim.url}\n` +
      `  seed ${o.seed} · scenario ${o.scenario} · ${o.instruments} instruments · ` +
      `${o.matches} matches · ${o.rate} ticks/s · Ctrl+C to stop\n`,
  );
  await runUntilSignal(sim, io);
  return 0;
}

/** Parses `serve` flags into options; throws UsageError naming the flag that is wrong. */
function parseServeArgs(argv: string[]): SimulatorOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: PARSE_OPTIONS, strict: true }));
  } catch (err) {
    throw new UsageError(parseErrorMessage(err as Error & { code?: string }));
  }
  if (values.help) return 'help';
  const options: SimulatorOptions = {};
  if (values.host !== undefined) options.host = values.host as string;
  if (values.scenario !== undefined)
    options.scenario = values.scenario as SimulatorOptions['scenario'];
  for (const [flag, option] of Object.entries(NUMERIC_FLAGS)) {
    const text = values[flag] as string | undefined;
    if (text === undefined) continue;
    const value = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) throw new UsageError(`--${flag} expects a number, got "${text}"`);
    options[option] = value;
  }
  return options;
}

function parseErrorMessage(err: Error & { code?: string }): string {
  const problem = parseArgsProblem(err);
  return err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
    ? `${problem}; subcommands: ${Object.keys(COMMANDS).join(', ')}`
    : problem;
}

function invalidOptionMessage(err: SimulatorOptionError): string {
  const flag =
    Object.entries(NUMERIC_FLAGS).find(([, option]) => option === err.option)?.[0] ?? err.option;
  return `invalid --${flag}: ${err.detail}`;
}

/** Shows the status line until SIGINT or SIGTERM, then closes the simulator. */
async function runUntilSignal(sim: RunningSimulator, io: CliIo): Promise<void> {
  const tty = io.stdout.isTTY === true;
  const status = statusWriter(io);
  const timer = setInterval(
    () => status.show(statusLine(sim.stats())),
    tty ? TTY_STATUS_INTERVAL_MS : PLAIN_STATUS_INTERVAL_MS,
  );
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
  process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  clearInterval(timer);
  status.end();
  io.stdout.write(`${signal}: closing clients and stopping\n`);
  await sim.close();
}

function statusLine(stats: SimulatorStats): string {
  const clients = `${stats.clients} client${stats.clients === 1 ? '' : 's'}`;
  const ticks = `${Math.round(stats.ticksPerSec).toLocaleString('en-US')} ticks/s`;
  return `${clients} · ${ticks} · ${formatBytes(stats.bytesPerSec)}/s out · ${stats.ticksTotal.toLocaleString('en-US')} ticks total`;
}
