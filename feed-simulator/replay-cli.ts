/**
 * `feed-simulator replay <dir> [--speed <x>] [--loop] [--port <n>] [--host <h>]`: serves a
 * recording over the live protocol until Ctrl+C. Each connection replays from the start and
 * may pause, resume, seek and change speed (docs/RECORDING.md, "Replay control").
 */
import { RecordingError, checkSpeed, startReplayServer, type ReplayServer } from '../recording';
import { MAX_REPLAY_SPEED, MIN_REPLAY_SPEED } from '../protocol/limits';
import {
  EXIT_FAILURE,
  PLAIN_STATUS_INTERVAL_MS,
  TTY_STATUS_INTERVAL_MS,
  UsageError,
  reportUsageError,
  defaultIo,
  numberFlag,
  parseFlags,
  statusWriter,
  untilStopped,
  type CommandIo,
} from './cli-support';
import { listenFailure } from '../shared/listen-failure';

/** Default port of `replay`, beside the simulator's. */
export const DEFAULT_REPLAY_PORT = 8090;
/** Default interface of `replay`, as the replay server's own. */
const DEFAULT_REPLAY_HOST = '127.0.0.1';

export const REPLAY_USAGE = `Usage: feed-simulator replay <dir> [options]
In this repository: npm run feed -- replay <dir> [options]

Serves a recording over the Tickdeck protocol, so any client consumes it as if it were live.
Each connection plays from the start on a clock of its own, which its client may pause, seek
and speed up (docs/RECORDING.md, "Replay control").

Options:
  --speed <x>     ${MIN_REPLAY_SPEED} to ${MAX_REPLAY_SPEED}, or 0 for as fast as possible (default 1)
  --loop          start again at the end
  --port <n>      port, 0 to 65535; 0 picks a free one (default ${DEFAULT_REPLAY_PORT})
  --host <host>   interface to listen on (default ${DEFAULT_REPLAY_HOST})
  -h, --help      show this help
`;

const OPTIONS = {
  speed: { type: 'string' },
  loop: { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `replay` with `argv` (after the subcommand); resolves with the exit code. */
export async function runReplayCli(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  let opts: { dir: string; speed: number; loop: boolean; port: number; host?: string };
  try {
    const { values, positionals } = parseFlags(argv, OPTIONS, true);
    if (values.help) {
      io.stdout.write(REPLAY_USAGE);
      return 0;
    }
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length === 0
          ? 'the recording folder is required'
          : `unexpected argument ${positionals[1]}`,
      );
    const speed = numberFlag(values, 'speed', 0) ?? 1;
    const speedError = checkSpeed(speed);
    if (speedError) throw new UsageError(`--speed: ${speedError}`);
    const port = numberFlag(values, 'port', 0, 65_535) ?? DEFAULT_REPLAY_PORT;
    if (!Number.isInteger(port)) throw new UsageError(`--port expects a whole number, got ${port}`);
    opts = { dir: positionals[0]!, speed, loop: values.loop === true, port };
    if (typeof values.host === 'string') {
      // Node reads an empty host as every interface: a typo must not expose the replay.
      if (values.host.trim() === '')
        throw new UsageError('--host expects a host name or address, got ""');
      opts.host = values.host;
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return reportUsageError(io, 'replay', err);
  }
  let server: ReplayServer;
  try {
    server = await startReplayServer({
      ...opts,
      onWarning: (m) => io.stderr.write(`warning: ${m}\n`),
    });
  } catch (err) {
    const failure =
      err instanceof RecordingError
        ? err.message
        : listenFailure(err, opts.host ?? DEFAULT_REPLAY_HOST, opts.port);
    if (failure === null) throw err;
    io.stderr.write(`feed-simulator replay: ${failure}\n`);
    return EXIT_FAILURE;
  }
  const rec = server.recording;
  const span = `${new Date(rec.start).toISOString()} to ${new Date(rec.end).toISOString()}`;
  io.stdout.write(
    `Replaying ${opts.dir} on ${server.url}\n  ${span} · ${rec.segments.length} segment(s) · ` +
      `${rec.instruments.length} instruments · speed ${opts.speed === 0 ? 'max' : `${opts.speed}x`}` +
      `${opts.loop ? ' · loop' : ''} · Ctrl+C to stop\n`,
  );
  const status = statusWriter(io);
  // Said when it changes: a log (stdout not a terminal) got "0 client(s) connected" every 5 s
  // for as long as the server ran (bug 175).
  let clients = -1;
  const timer = setInterval(
    () => {
      if (server.connections() === clients) return;
      clients = server.connections();
      status.show(`${clients} client(s) connected`);
    },
    io.stdout.isTTY ? TTY_STATUS_INTERVAL_MS : PLAIN_STATUS_INTERVAL_MS,
  );
  const why = await untilStopped(io);
  clearInterval(timer);
  status.end();
  io.stdout.write(`${why}: closing clients and stopping\n`);
  await server.close();
  return 0;
}
