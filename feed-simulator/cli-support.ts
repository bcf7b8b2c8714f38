/**
 * What the feed-simulator commands (serve, record, replay) share: their IO, strict flag parsing
 * that names the offending flag, the exit codes, the live status line, and waiting for Ctrl+C
 * (or an abort signal in tests).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseArgsProblem } from '../shared/parse-args-problem';

/** Where a command writes; tests pass their own, and may stop it with `signal`. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  /** Aborting it stops the command like SIGINT would. */
  readonly signal?: AbortSignal;
}

/** Exit code for a usage error (unknown or invalid flag). */
export const EXIT_USAGE = 2;
/** Exit code when the command ran but failed (unreachable feed, unreadable recording). */
export const EXIT_FAILURE = 1;
/** The status line is rewritten this often on a terminal, and printed this often otherwise. */
export const TTY_STATUS_INTERVAL_MS = 1_000;
export const PLAIN_STATUS_INTERVAL_MS = 5_000;

/** A bad command line; the message names the flag. */
export class UsageError extends Error {}

/**
 * Reports a bad command line of `command` (null: `serve`, the default) in one line, and returns
 * the usage exit code. It points at `--help` as given to this command, since `npm run feed`
 * users have no `feed-simulator` command to run (bug 222).
 */
export function reportUsageError(io: CommandIo, command: string | null, err: UsageError): number {
  const help =
    command === null ? '--help lists the options' : `${command} --help lists its options`;
  io.stderr.write(
    `feed-simulator${command === null ? '' : ` ${command}`}: ${err.message} (${help})\n`,
  );
  return EXIT_USAGE;
}

export function defaultIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr };
}

/** `parseArgs` in strict mode, with errors rewritten to name the flag. */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  allowPositionals: boolean,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (err) {
    throw new UsageError(parseArgsProblem(err as Error & { code?: string }));
  }
}

/** Reads a numeric flag; throws UsageError naming it when not a number in [min, max]. */
export function numberFlag(
  values: Record<string, string | boolean | undefined>,
  flag: string,
  min: number,
  max = Number.POSITIVE_INFINITY,
): number | undefined {
  const text = values[flag];
  if (text === undefined) return undefined;
  const value = typeof text === 'string' && text.trim() !== '' ? Number(text) : Number.NaN;
  if (!Number.isFinite(value))
    throw new UsageError(`--${flag} expects a number, got "${String(text)}"`);
  if (value < min || value > max)
    throw new UsageError(
      `--${flag} must be ${max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`}, got ${value}`,
    );
  return value;
}

/** Resolves on SIGINT, SIGTERM or `io.signal`, whichever first, naming it. */
export function untilStopped(io: CommandIo, extra?: Promise<string>): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string): void => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      io.signal?.removeEventListener('abort', onAbort);
      resolve(why);
    };
    const onSignal = (signal: NodeJS.Signals): void => done(signal);
    const onAbort = (): void => done('stopped');
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    if (io.signal?.aborted) return done('stopped');
    io.signal?.addEventListener('abort', onAbort);
    void extra?.then(done);
  });
}

/** Bytes as B, KiB or MiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Writes a status line: rewritten in place on a terminal, one line per call otherwise. */
export function statusWriter(io: CommandIo): { show(line: string): void; end(): void } {
  const tty = io.stdout.isTTY === true;
  let shown = false;
  return {
    show(line) {
      shown = true;
      io.stdout.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    },
    end() {
      if (tty && shown) io.stdout.write('\n');
    },
  };
}
