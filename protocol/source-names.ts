/**
 * Names of sources and of the instruments they carry, when the engine holds several feeds at
 * once: `kraken:BTC/USD`, `coinbase:BTC-USD`, `sim:ACME`. With one source nothing is prefixed,
 * so single-source ids, settings and recordings stay as they were. docs/PROTOCOL.md
 * ("Several sources") states the rule.
 */
import type { FeedTarget } from './feed-target';
import { parseFeedTarget } from './feed-target';
import { MAX_ID_CHARS } from './limits';

/** Longest source name, chars. */
export const MAX_SOURCE_NAME_CHARS = 32;
/** Most sources the engine holds at once (each is a socket, a fold and a reconnect loop). */
export const MAX_SOURCES = 16;
/**
 * The name of an open replay when it runs beside live sources: its instruments are always
 * `replay:<id>`, so the live sources' names and ids stay as they were while it is open. No live
 * source takes this name.
 */
export const REPLAY_SOURCE_NAME = 'replay';
/** Longest qualified instrument name: a source name, the colon, an instrument id. */
export const MAX_INSTRUMENT_NAME_CHARS = MAX_SOURCE_NAME_CHARS + 1 + MAX_ID_CHARS;

// Lower case, digits and inner hyphens: no colon (it ends the prefix), safe in a data-testid.
const SOURCE_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** An instrument name split into its source (null when unprefixed) and the feed's own id. */
export interface InstrumentName {
  readonly source: string | null;
  readonly id: string;
}

/** Result of {@link parseInstrumentName}. */
export type ParsedInstrumentName =
  ({ readonly ok: true } & InstrumentName) | { readonly ok: false; readonly error: string };

/** Null when `name` is a valid source name; otherwise what is wrong with it. */
export function checkSourceName(name: string): string | null {
  if (name.length > MAX_SOURCE_NAME_CHARS)
    return `source name "${name.slice(0, 40)}…" is longer than ${MAX_SOURCE_NAME_CHARS} characters`;
  return SOURCE_NAME.test(name)
    ? null
    : `"${name}" is not a valid source name (a-z, 0-9 and inner hyphens)`;
}

/** `source:id`, or the bare id when `source` is null (one source). */
export function formatInstrumentName(source: string | null, id: string): string {
  return source === null ? id : `${source}:${id}`;
}

/**
 * Splits `source:id` at its first colon when what comes before is a valid source name;
 * otherwise the whole text is an unprefixed id. Refuses empty and over-long names.
 */
export function parseInstrumentName(text: string): ParsedInstrumentName {
  if (text.length === 0) return { ok: false, error: 'an instrument name is empty' };
  if (text.length > MAX_INSTRUMENT_NAME_CHARS)
    return {
      ok: false,
      error: `instrument name "${text.slice(0, 40)}…" is longer than ${MAX_INSTRUMENT_NAME_CHARS} characters`,
    };
  const colon = text.indexOf(':');
  const source = colon === -1 ? null : text.slice(0, colon);
  if (source === null || checkSourceName(source) !== null) {
    if (text.length > MAX_ID_CHARS)
      return { ok: false, error: `instrument id is longer than ${MAX_ID_CHARS} characters` };
    return { ok: true, source: null, id: text };
  }
  const id = text.slice(colon + 1);
  if (id.length === 0) return { ok: false, error: `"${text}" names a source but no instrument` };
  return { ok: true, source, id };
}

/**
 * The rule default names are made by. Rule 1 (to the 31st session) named a ws:// source by its
 * host alone, so two servers on one host were `127-0-0-1` and `127-0-0-1-2` in the order added,
 * and a restart with one of them gave it the other's name (bug 112); rule 2 adds the port.
 * Files written under rule 1 are read through `./source-renames`, which needs both.
 */
export type SourceNameRule = 1 | 2;
/** The rule this app names sources by. */
export const SOURCE_NAME_RULE: SourceNameRule = 2;

/**
 * The short name a source gets unless the user names it: `sim` for the simulator, the
 * exchange (`kraken`, `coinbase`, `binance`, `polymarket`), the NATS source's own name, or
 * the ws:// host and port (dots become hyphens: `ws://127.0.0.1:8080` is `127-0-0-1-8080`,
 * `ws://feed.example` and `wss://feed.example:443` are `feed-example`, the scheme's own port
 * being left out; an IPv6 address is `ipv6-` and its groups, `ws://[::1]:8080` is
 * `ipv6-1-8080`; an IDN its ASCII form, `xn-bcher-kva-example`). Cut at
 * {@link MAX_SOURCE_NAME_CHARS} from the host's end, so the port stays and two ports on one
 * long host still differ. Always a valid source name. Under `rule` 1 a ws:// source is named
 * by its host alone.
 */
export function defaultSourceName(target: FeedTarget, rule = SOURCE_NAME_RULE): string {
  switch (target.kind) {
    case 'embedded':
      return 'sim';
    case 'exchange':
      return target.exchange === 'polymarket-sports' ? 'polymarket' : target.exchange;
    case 'nats':
      return sanitize(target.source, 'nats');
    case 'tickdeck': {
      // WHATWG URL parsing leaves `port` empty when it is the scheme's own (80, 443).
      const { hostname, port } = new URL(target.url);
      const suffix = rule === 1 || port === '' ? '' : `-${port}`;
      // A bracketed IPv6 address is colons and hex: made safe alone, `[::1]` was `1`.
      const host = hostname.startsWith('[') ? `ipv6-${hostname}` : hostname;
      return `${sanitize(host, 'ws', MAX_SOURCE_NAME_CHARS - suffix.length)}${suffix}`;
    }
  }
}

/**
 * `name` when it is not in `taken`, else the first of `name-2`, `name-3`, … that is not. A
 * source keeps the name it was given for its life; once it is removed, the host keeps its name
 * for its feed (./retired-sources.ts), so no other feed takes it.
 */
export function freeSourceName(name: string, taken: ReadonlySet<string>): string {
  let free = name;
  for (let n = 2; taken.has(free); n++) {
    const suffix = `-${n}`;
    free = `${name.slice(0, MAX_SOURCE_NAME_CHARS - suffix.length)}${suffix}`;
  }
  return free;
}

/**
 * Makes names unique in order, as sources added one after another are named: the first keeps
 * its name, a later duplicate gets the first free `-2`, `-3`, … (`kraken`, `kraken-2`).
 */
export function uniqueSourceNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const unique = freeSourceName(name, taken);
    taken.add(unique);
    return unique;
  });
}

/**
 * The name a source added for feed choice `feed` (the `feed` grammar) gets beside live sources
 * named `taken`: its default (under `rule`) made free, never {@link REPLAY_SOURCE_NAME}. A choice
 * that does not parse is named `source`.
 */
export function nextSourceName(
  feed: string | null,
  taken: readonly string[],
  rule = SOURCE_NAME_RULE,
): string {
  const parsed = parseFeedTarget(feed);
  const name = parsed.ok ? defaultSourceName(parsed.target, rule) : 'source';
  return freeSourceName(name, new Set([REPLAY_SOURCE_NAME, ...taken]));
}

/**
 * The names a list of feed choices gets when its sources are added in order to an engine that
 * holds none (a start with several `--feed`, a saved list): as {@link nextSourceName} names each.
 * Within a run a source keeps its name when another is removed, so the names of what is left
 * can differ from this list's; a restart names the saved list afresh.
 */
export function sourceNamesFor(
  feeds: readonly (string | null)[],
  rule = SOURCE_NAME_RULE,
): string[] {
  const names: string[] = [];
  for (const feed of feeds) names.push(nextSourceName(feed, names, rule));
  return names;
}

/**
 * The source an instrument belongs to, among the sources shown (`Health.sources`' names): its
 * prefix, or for an unprefixed id beside a replay, the one live source (live ids stay unprefixed
 * while one live source runs beside a replay). Null when no source matches.
 */
export function sourceOfInstrument(id: string, sources: readonly string[]): string | null {
  const parsed = parseInstrumentName(id);
  const prefix = parsed.ok ? parsed.source : null;
  if (prefix !== null) return sources.includes(prefix) ? prefix : null;
  const live = sources.filter((name) => name !== REPLAY_SOURCE_NAME);
  return live.length === 1 ? live[0]! : null;
}

function sanitize(text: string, fallback: string, maxChars = MAX_SOURCE_NAME_CHARS): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxChars)
    .replace(/-+$/, '');
  return name === '' ? fallback : name;
}
