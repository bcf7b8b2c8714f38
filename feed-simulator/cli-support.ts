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

/** Reports a bad command line of a subcommand; returns the usage exit code. */
export function reportUsageError(io: CommandIo, command: string, err: UsageError): number {
  io.stderr.write(
    `feed-simulator ${command}: ${err.message}\nRun feed-simulator ${command} --help for usage.\n`,
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

/** What to tell the user about each listen error their `--host` or `--port` can cause. */
const LISTEN_HINTS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is taken; try --port 0',
  EACCES: 'the port needs privileges; try --port 0',
  EADDRNOTAVAIL: '--host is not an address of this machine',
  // A --host that names no machine fails in the lookup before the bind.
  ENOTFOUND: '--host does not resolve to an address',
  EAI_AGAIN: '--host does not resolve to an address (lookup failed)',
};

/** The line naming why listening on `host:port` failed, or null for an error that is a bug. */
export function listenFailure(err: unknown, host: string, port: number): string | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const hint = code === undefined ? undefined : LISTEN_HINTS[code];
  if (hint === undefined) return null;
  const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return `cannot listen on ${where} (${code}): ${hint}`;
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
