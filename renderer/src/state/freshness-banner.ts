/**
 * The stale banner's words: which sources are down, since when, how old their data is and why,
 * and which are live.
 */
import type { ConnectionState, Health, LinkDown, SourceHealth } from '../../../protocol/health';
import { REPLAY_SOURCE_NAME } from '../../../protocol/source-names';
import { formatTime } from './format';
import { linkWords, plainReason, stateWords } from './connection-words';
import { dataAge, sourceIsLive } from './freshness';

/**
 * Why the source is down: with `link` (a NATS desk's gateway names the link down) that link,
 * since the engine's own reason then only says its gateway went quiet (bug 235).
 */
function reasonWords(c: ConnectionState, now: number, link: LinkDown | undefined): string {
  const why = link && linkWords(link);
  switch (c.state) {
    case 'stalled':
      return why ?? 'no data from the feed; it is replaced if none comes soon';
    case 'reconnecting': {
      const secs = Math.max(0, Math.ceil((c.nextRetryAt - now) / 1_000));
      const next = secs > 0 ? `next try in ${secs} s` : 'trying again now';
      return `${why ?? plainReason(c.reason)}; ${next} (attempt ${c.attempt})`;
    }
    case 'connecting':
      return `${why ? `${why}; ` : ''}connecting (attempt ${c.attempt})`;
    case 'closed':
      return 'the feed was disconnected';
    case 'failed':
      return plainReason(c.reason);
    case 'live':
      return '';
  }
}

/** One line of the stale banner: the state in a word, then since when, the data's age, why. */
export interface StaleLine {
  readonly headline: string;
  readonly detail: string;
}

/** What the stale banner says: a line per source down, and which sources are live. */
export interface StaleBanner {
  readonly down: readonly StaleLine[];
  /** "sim is live", "sim, kraken are live"; empty when none is. */
  readonly live: string;
}

/** The state words from worst to least: a source failed for good first, a stall last. */
const WORST_FIRST = ['Failed', 'Disconnected', 'Connecting', 'Stalled'];

/**
 * The stale banner, e.g. "Disconnected" + "since 17:32:25 (data 41 s old) · the feed is not
 * accepting connections; next try in 3 s (attempt 4)"; null while the source is live. With
 * several sources it gives each source down a line of its own, named, with its own since, age
 * and reason, the worst state first ("kraken Failed" + "since … · …", "coinbase Disconnected" +
 * "since … · next try in 4 s …"), and says which are live ("sim is live"): one sentence for
 * them all was cut at the window's edge, losing the live ones and every source after the
 * first. Every source down in one state: the page's own banner, as with one source.
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
  if (down.length === 0 || (up.length === 0 && down.length === 1))
    return { down: [lineOf(health, '', now)], live: '' };
  const names = up.map((s) => s.name).join(', ');
  return {
    down: down.flat().map((s) => lineOf(s, `${s.name} `, now)),
    live: up.length === 0 ? '' : `${names} ${up.length === 1 ? 'is' : 'are'} live`,
  };
}

function lineOf(
  source: Pick<Health, 'connection' | 'connectionSince' | 'lastDataAt' | 'storedDataAt' | 'source'>,
  name: string,
  now: number,
): StaleLine {
  const c = source.connection;
  const reason = reasonWords(c, now, source.source.linkDown);
  const detail = `since ${formatTime(source.connectionSince)} (${dataAge(source, now)})`;
  return {
    headline: `${name}${stateWords(c, source.lastDataAt !== null)}`,
    detail: reason ? `${detail} · ${reason}` : detail,
  };
}
