/**
 * The `feed-simulator` command line: parses flags strictly, starts the simulator, prints where
 * it listens and one live status line, and shuts down cleanly on SIGINT/SIGTERM. Subcommands
 * are looked up in COMMANDS; a first argument that is not one of them runs `serve`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  DEFAULT_SIMULATOR_OPTIONS as DEFAULTS,
  SimulatorOptionError,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
  type SimulatorStats,
} from './index';
import {
  EXIT_FAILURE,
  PLAIN_STATUS_INTERVAL_MS,
  TTY_STATUS_INTERVAL_MS,
  UsageError,
  formatBytes,
  reportUsageError,
  statusWriter,
  type CommandIo,
} from './cli-support';
import { listenFailure } from '../shared/listen-failure';
import { parseArgsProblem } from '../shared/parse-args-problem';
import { runRecordCli } from './record-cli';
import { runReplayCli } from './replay-cli';
import { SERVE_USAGE } from './serve-usage';

/** Where the CLI writes; tests pass their own. */
export type CliIo = CommandIo;

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
    return reportUsageError(io, null, err);
  }
}

async function serve(argv: string[], io: CliIo): Promise<number> {
  const options = parseServeArgs(argv);
  if (options === 'help') {
    io.stdout.write(SERVE_USAGE);
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
