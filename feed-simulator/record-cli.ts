/**
 * `feed-simulator record --url <ws url> --out <dir> [--duration <s>]`: records any feed that
 * speaks the Tickdeck protocol into a recording folder (docs/RECORDING.md), showing duration,
 * messages and bytes on one live line, until the duration passes or Ctrl+C.
 */
import { checkWebSocketUrl } from '../protocol/feed-target';
import {
  EXIT_FAILURE,
  PLAIN_STATUS_INTERVAL_MS,
  TTY_STATUS_INTERVAL_MS,
  UsageError,
  reportUsageError,
  defaultIo,
  formatBytes,
  numberFlag,
  parseFlags,
  statusWriter,
  untilStopped,
  type CommandIo,
} from './cli-support';
import { recordFeed, type FeedRecording, type RecordingWriterStats } from '../recording';

/** Longest --duration, s: the longest timer Node keeps (2^31 - 1 ms, some 24 days). */
const MAX_DURATION_S = 2_147_483;
/** Shortest --duration, s: a timer's 1 ms. */
const MIN_DURATION_S = 0.001;

export const RECORD_USAGE = `Usage: feed-simulator record --url <ws url> --out <dir> [--duration <s>]
In this repository: npm run feed -- record --url <ws url> --out <dir> [--duration <s>]

Records everything a Tickdeck-protocol feed sends into a recording folder (see docs/RECORDING.md).

Options:
  --url <ws url>      the feed, a ws:// or wss:// URL, e.g. ws://127.0.0.1:8787
  --out <dir>         folder to create (must not already hold a recording or a set)
  --duration <s>      stop after this many seconds, ${MIN_DURATION_S} to ${MAX_DURATION_S} (default: until Ctrl+C)
  -h, --help          show this help
`;

const OPTIONS = {
  url: { type: 'string' },
  out: { type: 'string' },
  duration: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `record` with `argv` (after the subcommand); resolves with the exit code. */
export async function runRecordCli(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  let url: string;
  let out: string;
  let duration: number | undefined;
  try {
    const { values } = parseFlags(argv, OPTIONS, false);
    if (values.help) {
      io.stdout.write(RECORD_USAGE);
      return 0;
    }
    if (typeof values.url !== 'string')
      throw new UsageError('--url is required (the feed to record)');
    const urlError = checkWebSocketUrl(values.url);
    if (urlError) throw new UsageError(`--url: ${urlError}`);
    if (typeof values.out !== 'string' || values.out === '')
      throw new UsageError('--out is required (the folder to record into)');
    duration = numberFlag(values, 'duration', MIN_DURATION_S, MAX_DURATION_S);
    url = values.url;
    out = values.out;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return reportUsageError(io, 'record', err);
  }
  let recording: FeedRecording;
  try {
    recording = await recordFeed({ url, dir: out, onEvent: (m) => io.stderr.write(`\n${m}\n`) });
  } catch (err) {
    io.stderr.write(`feed-simulator record: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }
  io.stdout.write(
    `Recording ${url} into ${out}${duration ? ` for ${duration} s` : ''} · Ctrl+C to stop\n`,
  );
  const status = statusWriter(io);
  let failed: (why: string) => void = () => {};
  const failure = new Promise<string>((resolve) => (failed = resolve));
  let reported = false;
  const show = (): void => {
    const stats = recording.stats();
    status.show(progressLine(stats));
    if (stats.error) {
      reported = true;
      failed(`write failed: ${stats.error}`);
    }
  };
  const timer = setInterval(
    show,
    io.stdout.isTTY ? TTY_STATUS_INTERVAL_MS : PLAIN_STATUS_INTERVAL_MS,
  );
  let stopTimer: NodeJS.Timeout | undefined;
  const elapsed =
    duration === undefined
      ? undefined
      : new Promise<string>((resolve) => {
          stopTimer = setTimeout(() => resolve('duration reached'), duration * 1000);
        });
  const why = await untilStopped(io, elapsed ? Promise.race([elapsed, failure]) : failure);
  clearTimeout(stopTimer);
  clearInterval(timer);
  let final: RecordingWriterStats;
  try {
    final = await recording.stop();
  } catch (err) {
    status.end();
    io.stderr.write(`feed-simulator record: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }
  status.show(progressLine(final));
  status.end();
  io.stdout.write(`${why}: recording closed in ${out}\n`);
  if (final.error === null) return 0;
  // A write that failed only while closing (the last index) has not been shown yet.
  if (!reported) io.stderr.write(`feed-simulator record: write failed: ${final.error}\n`);
  return EXIT_FAILURE;
}

/** `12.3 s · 45,678 messages · 1.2 MiB`. */
export function progressLine(stats: RecordingWriterStats): string {
  const seconds = ((stats.lastAt - stats.startedAt) / 1000).toFixed(1);
  return `${seconds} s · ${stats.messages.toLocaleString('en-US')} messages · ${formatBytes(stats.bytes)}`;
}
