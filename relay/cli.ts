/**
 * The `tickdeck-relay` command: parses options (exit 2 naming a bad one), starts the relay,
 * prints one status line (NATS server, source state, messages published), and stops cleanly
 * on SIGINT/SIGTERM, freeing the source for another relay.
 */
import { spawnSync } from 'node:child_process';
import { parseRelayArgs } from './relay-args';
import { RelayUsageError, USAGE } from './relay-usage';
import { startRelay } from './relay';
import type { RelayStatus } from './relay-api';
import { SourceTakenError } from './relay-lock';

/** Where the CLI writes; tests pass their own and stop it with `signal`. */
export interface RelayIo {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly signal?: AbortSignal;
}

export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;
/** The status line is rewritten this often on a terminal, printed this often otherwise, ms. */
const TTY_STATUS_INTERVAL_MS = 1_000;
const PLAIN_STATUS_INTERVAL_MS = 5_000;

const INSTALL_HINT =
  'To run a NATS server here: install nats-server (Debian/Ubuntu: sudo apt-get install ' +
  'nats-server; macOS: brew install nats-server; Windows: winget install NATSAuthors.NATSServer), ' +
  'then run: nats-server -js';

/** One line: where NATS is, how the source is, what went out. Never a credential. */
export function formatStatus(s: RelayStatus): string {
  const nats =
    s.nats.state === 'connected'
      ? `NATS ${s.nats.server}`
      : s.nats.state === 'reconnecting'
        ? `NATS reconnecting (last ${s.nats.server})`
        : `NATS waiting for ${s.nats.server}${s.nats.attempt ? ` (attempt ${s.nats.attempt}: ${s.nats.error})` : ''}`;
  const source =
    s.source.state === 'reconnecting'
      ? `source reconnecting: ${s.source.reason}`
      : s.source.state === 'live' && s.hello.state !== 'published'
        ? // Live only once desks can learn the instruments.
          s.hello.state === 'failed'
          ? `source connected, hello not published (retrying): ${s.hello.error}`
          : 'source connected, hello not published yet'
        : `source ${s.source.state}`;
  const { count, last } = s.unpublished;
  const missed =
    count > 0 ? `, ${count} messages too big for NATS not published (last ${last})` : '';
  const { acked, failed, unacked } = s.stream;
  const lost = failed + unacked > 0 ? ` (${failed} failed, ${unacked} unacked)` : '';
  const age = s.tickAgeP99Ms === null ? '' : `, tick age p99 ${Math.round(s.tickAgeP99Ms)} ms`;
  return `${nats} | ${source}${missed} | ${s.published} messages, ${acked} stored${lost} | ${s.ticksPerSec} ticks/s${age}`;
}

function natsServerInstalled(): boolean {
  const probe = spawnSync('nats-server', ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

export async function runRelayCli(argv: readonly string[], io: RelayIo): Promise<number> {
  let parsed: ReturnType<typeof parseRelayArgs>;
  try {
    parsed = parseRelayArgs(argv);
  } catch (err) {
    if (!(err instanceof RelayUsageError)) throw err;
    // One line, pointing at --help as given: `npm run relay` users have no tickdeck-relay command.
    io.stderr.write(`tickdeck-relay: ${err.message} (--help lists the options)\n`);
    return EXIT_USAGE;
  }
  if (parsed.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const stop = new AbortController();
  const onSignal = (): void => stop.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  io.signal?.addEventListener('abort', onSignal, { once: true });
  const isTty = io.stdout.isTTY === true;
  let line = '';
  let hinted = false;
  const show = (status: RelayStatus): void => {
    const next = formatStatus(status);
    if (next === line) return;
    line = next;
    io.stdout.write(isTty ? `\r\x1b[2K${line}` : `${line}\n`);
    if (status.nats.state === 'waiting' && !hinted && !natsServerInstalled()) {
      hinted = true;
      io.stderr.write(`\n${INSTALL_HINT}\n`);
    }
  };
  let lastError: string | null = null;
  const onStatus = (status: RelayStatus): void => {
    if (status.lastError !== null && status.lastError !== lastError) {
      lastError = status.lastError;
      io.stderr.write(`${isTty ? '\n' : ''}${lastError}\n`);
    }
    if (isTty || status.nats.state !== 'connected') show(status);
  };
  const { options } = parsed;
  io.stdout.write(
    `tickdeck-relay: source ${options.source ?? 'sim'} as "${options.name}" on ${options.servers.join(',')} (prefix ${options.subjectPrefix})\n`,
  );
  try {
    const relay = await startRelay({ ...options, signal: stop.signal }, onStatus);
    io.stdout.write(`relaying; Ctrl+C stops\n`);
    const timer = setInterval(
      () => show(relay.status()),
      isTty ? TTY_STATUS_INTERVAL_MS : PLAIN_STATUS_INTERVAL_MS,
    );
    const ended = await Promise.race([
      relay.stopped.then((reason) => ({ lost: reason })),
      new Promise<{ lost: null }>((resolve) => {
        if (stop.signal.aborted) return resolve({ lost: null });
        stop.signal.addEventListener('abort', () => resolve({ lost: null }), { once: true });
      }),
    ]);
    clearInterval(timer);
    await relay.close();
    if (isTty) io.stdout.write('\n');
    if (ended.lost !== null) {
      io.stderr.write(`tickdeck-relay: ${ended.lost}\n`);
      return EXIT_FAILURE;
    }
    return 0;
  } catch (err) {
    if (stop.signal.aborted) return 0; // stopped while still waiting for NATS
    const message = err instanceof SourceTakenError ? err.message : (err as Error).message;
    io.stderr.write(`\ntickdeck-relay: ${message}\n`);
    return EXIT_FAILURE;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
