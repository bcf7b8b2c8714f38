/**
 * The NATS mapping of the Tickdeck protocol: the subjects, stream and key-value names a relay
 * publishes a source under and a desktop reads it from. Payloads are Tickdeck
 * {@link ServerMessage} JSON texts, exactly as on the WebSocket protocol, so both sides decode
 * them with the same decoder. docs/PROTOCOL.md ("NATS mapping") documents it with examples.
 */
import type { ServerMessage } from './feed';

/** Subject prefix when none is given. */
export const DEFAULT_SUBJECT_PREFIX = 'tickdeck';

/** A source name: one subject token, also usable in stream and bucket names. */
const SOURCE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** A prefix: dot-separated tokens of the same characters. */
const SUBJECT_PREFIX = /^[A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_-]{1,64}){0,7}$/;

/** Null when `name` can name a source on NATS; otherwise what is wrong with it. */
export function checkSourceName(name: string): string | null {
  return SOURCE_NAME.test(name)
    ? null
    : `"${name}" is not a valid source name (1 to 64 of A-Z a-z 0-9 _ -)`;
}

/** Null when `prefix` can prefix subjects; otherwise what is wrong with it. */
export function checkSubjectPrefix(prefix: string): string | null {
  return SUBJECT_PREFIX.test(prefix)
    ? null
    : `"${prefix}" is not a valid subject prefix (dot-separated tokens of A-Z a-z 0-9 _ -)`;
}

/**
 * An instrument id as one subject token and key-value key: every byte outside `A-Z a-z 0-9 _ -`
 * becomes `=` and two hex digits (so `BTC/USD` is `BTC=2FUSD`). Ids may hold `.`, `*`, `>`
 * and spaces, which subjects cannot.
 */
export function encodeInstrument(id: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(id)) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(char)
      ? char
      : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The names one source lives under. */
export interface NatsNames {
  /** Live `ticks` and `snapshot` messages of one instrument (core NATS, also stored). */
  live(instrument: string): string;
  /** Every instrument's live subject: what a desktop subscribes to. */
  readonly liveAll: string;
  /** The `hello` in parts (protocol/nats-hello.ts), published whenever the source sends one. */
  readonly hello: string;
  /** `heartbeat` messages while the relay's source is live; silence means stale. */
  readonly heartbeat: string;
  /** Each instrument's last published seq, with every heartbeat (protocol/nats-seqs.ts). */
  readonly seqs: string;
  /**
   * The relay's word that its own feed is not live, sent where a heartbeat would go
   * (protocol/nats-source-down.ts): a desk tells a relay whose source is down from a dead one.
   */
  readonly sourceDown: string;
  /** The JetStream stream holding every live message, with age and byte limits. */
  readonly stream: string;
  /** The key-value bucket of the last `hello`'s parts and each instrument's latest snapshot. */
  readonly bucket: string;
  /** The key-value bucket holding the one relay's lock, entries expiring after a TTL. */
  readonly lockBucket: string;
}

/** Key of an instrument's latest snapshot in {@link NatsNames.bucket}. */
export function stateKey(instrument: string): string {
  return `state.${encodeInstrument(instrument)}`;
}
/** Key of the relay lock in {@link NatsNames.lockBucket}. */
export const LOCK_KEY = 'owner';

/** The names of `source` under `prefix` (both already checked). */
export function natsNames(prefix: string, source: string): NatsNames {
  const base = `${prefix}.${source}`;
  // Stream and bucket names cannot hold dots; `_` joins the tokens instead.
  const flat = `${prefix.replaceAll('.', '_')}_${source}`;
  return {
    live: (instrument) => `${base}.live.${encodeInstrument(instrument)}`,
    liveAll: `${base}.live.>`,
    hello: `${base}.hello`,
    heartbeat: `${base}.heartbeat`,
    seqs: `${base}.seqs`,
    sourceDown: `${base}.source-down`,
    stream: `${flat}_ticks`,
    bucket: `${flat}_state`,
    lockBucket: `${flat}_lock`,
  };
}

/** Messages a relay publishes on live subjects. */
export type LiveMessage = Extract<ServerMessage, { op: 'ticks' | 'snapshot' }>;

/** What the relay lock entry holds: who publishes the source, for the refusal message. */
export interface RelayLock {
  readonly host: string;
  readonly pid: number;
  readonly startedAt: number;
}

/** Most servers one `--nats` list or `nats://` feed may name. */
export const MAX_NATS_SERVERS = 16;

/** Result of {@link parseNatsServers}: normalized `nats://host:port` URLs, or what is wrong. */
export type ParsedNatsServers =
  | { readonly ok: true; readonly servers: readonly string[] }
  | { readonly ok: false; readonly error: string };

/**
 * Parses a comma list of NATS servers (`nats://h:4222,h2:4223` or `tls://...`; the scheme of
 * the first applies to entries without one; the port defaults to 4222). Several servers are
 * one cluster connection. Credentials in a URL are refused: they would be stored and shown.
 */
export function parseNatsServers(text: string): ParsedNatsServers {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return { ok: false, error: 'no NATS server given' };
  if (entries.length > MAX_NATS_SERVERS)
    return { ok: false, error: `at most ${MAX_NATS_SERVERS} NATS servers, got ${entries.length}` };
  const first = /^(nats|tls):\/\//i.exec(entries[0]!)?.[1]?.toLowerCase() ?? 'nats';
  const servers: string[] = [];
  for (const entry of entries) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(entry)?.[1]?.toLowerCase();
    if (scheme !== undefined && scheme !== 'nats' && scheme !== 'tls')
      return {
        ok: false,
        error: `"${entry}" uses ${scheme}://; a NATS server is nats:// or tls://`,
      };
    let url: URL;
    try {
      url = new URL(scheme ? entry : `${first}://${entry}`);
    } catch {
      return { ok: false, error: `"${entry}" is not a server address (expected host:port)` };
    }
    if (url.hostname === '') return { ok: false, error: `"${entry}" has no host` };
    if (url.username !== '' || url.password !== '')
      return {
        ok: false,
        error: `"${entry}" holds credentials; pass them as options or environment, never in the URL`,
      };
    if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '')
      return { ok: false, error: `"${entry}" has a path; a server is host:port` };
    servers.push(`${url.protocol}//${url.hostname}:${url.port || '4222'}`);
  }
  return { ok: true, servers };
}
