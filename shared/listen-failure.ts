/**
 * Why a command line's server could not listen, in the user's terms (the simulator's commands
 * and the browser mode): each error their `--host` or `--port` can cause, named with the flag
 * to change; null for an error that is a bug.
 */

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
  const code = (err as { readonly code?: unknown } | null)?.code;
  const hint =
    typeof code === 'string' && Object.hasOwn(LISTEN_HINTS, code) ? LISTEN_HINTS[code] : undefined;
  if (hint === undefined) return null;
  const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return `cannot listen on ${where} (${code}): ${hint}`;
}
