/**
 * The relay's word that its own feed is not live (NATS mapping only, docs/PROTOCOL.md "NATS
 * mapping"): `{"op":"source-down","reason":"reconnecting: connect ECONNREFUSED … (attempt 3)"}`
 * on the source's `source-down` subject (protocol/nats.ts), once a heartbeat interval while it
 * lasts, where a heartbeat would go. Without it a desk heard the same silence from a relay
 * whose source is down as from a dead relay, and could not say which link to fix.
 */
import type { ConnectionState } from './health';
import { peerMessage } from './plain-object';

/** One report: the relay's source connection, in the relay's words. */
export interface SourceDownMessage {
  readonly op: 'source-down';
  readonly reason: string;
}

/** Longest reason a relay sends and a desk takes, characters: one line of the stale banner. */
export const MAX_SOURCE_DOWN_REASON_CHARS = 200;

/** Largest report a desk reads, bytes (a reason of escaped characters included). */
export const MAX_SOURCE_DOWN_BYTES = 2_048;

/** What the relay says of its source in `state` (not live), cut to the bound. */
export function sourceDownReason(state: ConnectionState): string {
  const words = ((): string => {
    switch (state.state) {
      case 'connecting':
        return `connecting (attempt ${state.attempt})`;
      case 'stalled':
        return `stalled: no data for ${(state.silentMs / 1000).toFixed(1)} s`;
      case 'reconnecting':
        return `${state.reason} (attempt ${state.attempt})`;
      case 'failed':
        return `failed: ${state.reason}`;
      case 'closed':
        return 'closed';
      case 'live':
        return 'live';
    }
  })();
  return words.slice(0, MAX_SOURCE_DOWN_REASON_CHARS);
}

/** The message text for `state`. */
export function sourceDownMessage(state: ConnectionState): string {
  const message: SourceDownMessage = { op: 'source-down', reason: sourceDownReason(state) };
  return JSON.stringify(message);
}

/** A decoded report, or what is wrong with it (shown to the desk's user). */
export type DecodedSourceDown =
  { readonly ok: true; readonly reason: string } | { readonly ok: false; readonly error: string };

/** Parses a report from a peer: untrusted, its reason bounded and kept to one printable line. */
export function decodeSourceDown(text: string): DecodedSourceDown {
  const read = peerMessage(text, MAX_SOURCE_DOWN_BYTES, 'source-down');
  if (!read.ok) return read;
  const message = read.value;
  if (typeof message.reason !== 'string') return { ok: false, error: 'reason is not a string' };
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const reason = message.reason.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (reason.length === 0) return { ok: false, error: 'reason is empty' };
  return { ok: true, reason: reason.slice(0, MAX_SOURCE_DOWN_REASON_CHARS) };
}
