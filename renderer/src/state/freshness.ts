/**
 * Whether what the page shows is live: the health badge, the stale banner's words, and the
 * plain-words reason for an outage. Old data must never look live, so everything that marks
 * data stale asks {@link sourceIsLive}.
 */
import type { ConnectionState, Health, SourceHealth } from '../../../protocol/batch';
import { REPLAY_SOURCE_NAME, sourceOfInstrument } from '../../../protocol/source-names';
import { formatTime } from './format';

/** The health bar's one-word verdict. */
export type Badge = 'live' | 'delayed' | 'stale' | 'down';

/** A median feed delay (source timestamp to batch) above this shows as delayed, ms. */
export const DELAYED_AFTER_MS = 2_000;

/** True while the shown source delivers: connected and not stalled. */
export function sourceIsLive(health: Health | null): boolean {
  return health !== null && health.connection.state === 'live';
}

/**
 * The source instrument `id` comes from: with several sources its own (`source:id`), with one
 * the page's; null for an id of no source the engine holds.
 */
function sourceOf(
  health: Health,
  id: string,
): Pick<SourceHealth, 'connection' | 'lastDataAt'> | null {
  const sources = health.sources;
  if (sources === undefined) return health;
  const name = sourceOfInstrument(
    id,
    sources.map((s) => s.name),
  );
  return sources.find((s) => s.name === name) ?? null;
}

/**
 * True while the source of instrument `id` delivers. With several sources each instrument
 * follows its own (`source:id`), so one venue's outage never greys another's live prices;
 * with one source, this is {@link sourceIsLive}.
 */
export function instrumentSourceLive(health: Health | null, id: string): boolean {
  return health !== null && sourceOf(health, id)?.connection.state === 'live';
}

/**
 * What a chart of instrument `id` says while its source is not live, e.g. "Disconnected ·
 * data 41 s old"; null while the source delivers (or before the first health). Charts, like
 * rows, follow their own source: a down venue greys its charts and no other's.
 */
export function chartStaleLabel(health: Health | null, id: string, now: number): string | null {
  if (health === null || instrumentSourceLive(health, id)) return null;
  const source = sourceOf(health, id);
  if (source === null) return 'Source removed';
  const age =
    source.lastDataAt === null ? 'no data yet' : `data ${formatAge(now - source.lastDataAt)} old`;
  return `${stateWords(source.connection, source.lastDataAt !== null)} · ${age}`;
}

/**
 * True while some live source delivers: the page as a whole is stale only when none does. A
 * replay open beside live sources does not count (its data is not live); one open alone does.
 */
export function anySourceLive(health: Health | null): boolean {
  const sources = health?.sources;
  if (sources === undefined) return sourceIsLive(health);
  const live = sources.filter((s) => s.name !== REPLAY_SOURCE_NAME);
  return live.some((s) => s.connection.state === 'live');
}

/**
 * True when instrument `id` comes from the open replay: the replay is the one source shown, or
 * the id is the replay's (`replay:<id>`) beside live sources.
 */
export function instrumentReplayed(health: Health | null, id: string): boolean {
  if (!health?.replay) return false;
  if (health.source.kind === 'replay') return true;
  return sourceOfInstrument(id, health.sources?.map((s) => s.name) ?? []) === REPLAY_SOURCE_NAME;
}

/** live: data flows on time; delayed: it flows late; stale: the feed went quiet; down: no feed. */
export function connectionBadge(c: ConnectionState, feedDelayMs: number | null): Badge {
  switch (c.state) {
    case 'live':
      return (feedDelayMs ?? 0) > DELAYED_AFTER_MS ? 'delayed' : 'live';
    case 'stalled':
      return 'stale';
    default:
      return 'down';
  }
}

/** An age for people: "120 ms", "41 s", "3 min", "1.5 h". */
export function formatAge(ms: number): string {
  const t = Math.max(0, ms);
  if (t < 1_000) return `${Math.round(t / 10) * 10} ms`;
  if (t < 60_000) return `${Math.floor(t / 1_000)} s`;
  if (t < 3_600_000) return `${Math.floor(t / 60_000)} min`;
  return `${(t / 3_600_000).toFixed(1)} h`;
}

/** The engine's reason for a lost connection (socket errors, close codes) in plain words. */
export function plainReason(raw: string): string {
  const rules: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
    [/ECONNREFUSED/, () => 'the feed is not accepting connections'],
    [/ENOTFOUND|EAI_AGAIN/, () => "the feed's address could not be found"],
    [/ETIMEDOUT|handshake timed out|Opening handshake/i, () => 'the feed did not answer in time'],
    [/ECONNRESET|socket hang up|EPIPE/, () => 'the connection was cut'],
    [/^stalled: no data for ([\d.]+ s)/, (m) => `no data from the feed for ${m[1]}`],
    [/^server closed the connection \((\d+)/, (m) => `the feed closed the connection (${m[1]})`],
    [/Unexpected server response: (\d+)/, (m) => `the feed refused the connection (HTTP ${m[1]})`],
  ];
  for (const [pattern, say] of rules) {
    const match = raw.match(pattern);
    if (match) return say(match);
  }
  return raw;
}

/** What the banner says the state is, in words; `hadData`: this source delivered before. */
function stateWords(c: ConnectionState, hadData: boolean): string {
  switch (c.state) {
    case 'connecting':
      return hadData ? 'Disconnected' : 'Connecting';
    case 'stalled':
      return 'Stalled';
    case 'reconnecting':
      return 'Disconnected';
    case 'closed':
      return 'Disconnected';
    case 'failed':
      return 'Failed';
    case 'live':
      return 'Live';
  }
}

function reasonWords(c: ConnectionState, now: number): string {
  switch (c.state) {
    case 'stalled':
      return 'no data from the feed; it is replaced if none comes soon';
    case 'reconnecting': {
      const secs = Math.max(0, Math.ceil((c.nextRetryAt - now) / 1_000));
      const next = secs > 0 ? `next try in ${secs} s` : 'trying again now';
      return `${plainReason(c.reason)}; ${next} (attempt ${c.attempt})`;
    }
    case 'connecting':
      return `connecting (attempt ${c.attempt})`;
    case 'closed':
      return 'the feed was disconnected';
    case 'failed':
      return plainReason(c.reason);
    case 'live':
      return '';
  }
}

/** What the stale banner says: the state in a word, then since when, the data's age, why. */
export interface StaleBanner {
  readonly headline: string;
  readonly detail: string;
}

/** The state words from worst to least: a source failed for good first, a stall last. */
const WORST_FIRST = ['Failed', 'Disconnected', 'Connecting', 'Stalled'];

/**
 * The stale banner, e.g. "Disconnected" + "since 17:32:25 (data 41 s old) · the feed is not
 * accepting connections; next try in 3 s (attempt 4)"; null while the source is live. With
 * several sources it names the ones down by their own state, the worst first, each state
 * speaking for the first source in it, then the live ones ("kraken Failed since … · … ·
 * coinbase Disconnected since … · next try in 4 s … · sim is live"): the summary's worst state
 * read as every source's, and its newest data as theirs. Every source down in one state: the
 * page's own banner, as with one source.
 */
export function staleBanner(health: Health, now: number): StaleBanner | null {
  if (sourceIsLive(health)) return null;
  const live = (health.sources ?? []).filter((s) => s.name !== REPLAY_SOURCE_NAME);
  const up = live.filter((s) => s.connection.state === 'live');
  const groups = new Map<string, SourceHealth[]>();
  for (const word of WORST_FIRST) groups.set(word, []);
  for (const s of live)
    if (s.connection.state !== 'live')
      groups.get(stateWords(s.connection, s.lastDataAt !== null))!.push(s);
  const down = [...groups.values()].filter((group) => group.length > 0);
  if (down.length === 0 || (up.length === 0 && down.length === 1)) return bannerOf(health, '', now);
  const names = (list: readonly SourceHealth[]) => list.map((s) => s.name).join(', ');
  const [worst, ...others] = down.map((group) => bannerOf(group[0]!, `${names(group)} `, now));
  const upWords = up.length === 0 ? [] : [`${names(up)} ${up.length === 1 ? 'is' : 'are'} live`];
  const otherWords = others.map((b) => `${b.headline} ${b.detail}`);
  return {
    headline: worst!.headline,
    detail: [worst!.detail, ...otherWords, ...upWords].join(' · '),
  };
}

function bannerOf(
  source: Pick<Health, 'connection' | 'connectionSince' | 'lastDataAt'>,
  names: string,
  now: number,
): StaleBanner {
  const c = source.connection;
  const age =
    source.lastDataAt === null ? 'no data yet' : `data ${formatAge(now - source.lastDataAt)} old`;
  const reason = reasonWords(c, now);
  const detail = `since ${formatTime(source.connectionSince)} (${age})`;
  return {
    headline: `${names}${stateWords(c, source.lastDataAt !== null)}`,
    detail: reason ? `${detail} · ${reason}` : detail,
  };
}
