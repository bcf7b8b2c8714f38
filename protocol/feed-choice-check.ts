/**
 * Checks of the feed a setting names: `feed` (a feed target), `feedEndpoint` (a `ws://` URL),
 * and each source of `Settings.feeds`, read entry by entry so one bad source never costs the
 * user the others.
 */
import { checkWebSocketUrl, parseFeedTarget } from './feed-target';
import { isObj } from './plain-object';
import { nameFeeds, type UnnamedChoice } from './feed-names';
import type { FeedChoice } from './settings';
import { MAX_SOURCES } from './source-names';

/** Checks the `feed` setting (a feed target or null); null when it is valid. */
export function checkFeedField(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v !== 'string') return 'feed: expected a string or null';
  const parsed = parseFeedTarget(v);
  return parsed.ok ? null : `feed: ${parsed.error}`;
}

/** Checks the `feedEndpoint` setting (a `ws://` URL or null); null when it is valid. */
export function checkEndpointField(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v !== 'string') return 'feedEndpoint: expected a ws:// URL or null';
  const error = checkWebSocketUrl(v);
  return error && `feedEndpoint: ${error}`;
}

/** Checks one source of `Settings.feeds` (its name aside); null when it is valid. */
export function checkFeedChoice(v: unknown): string | null {
  if (!isObj(v)) return 'expected { feed, endpoint, name }';
  const feed = checkFeedField(v.feed === undefined ? null : v.feed);
  if (feed) return feed;
  const endpoint = checkEndpointField(v.endpoint === undefined ? null : v.endpoint);
  if (endpoint) return endpoint.replace('feedEndpoint', 'endpoint');
  const extra = Object.keys(v).find((k) => k !== 'feed' && k !== 'endpoint' && k !== 'name');
  return extra === undefined ? null : `unknown field "${extra}"`;
}

/**
 * Reads `Settings.feeds` entry by entry: the valid ones, each named (./feed-names.ts: a bad or
 * clashing name is reported and the source named afresh, never dropped), and a problem per bad
 * one.
 */
export function readFeedChoices(v: unknown): { feeds: FeedChoice[]; problems: string[] } {
  if (!Array.isArray(v)) return { feeds: [], problems: ['feeds: expected a list'] };
  const feeds: UnnamedChoice[] = [];
  const problems: string[] = [];
  if (v.length > MAX_SOURCES) problems.push(`feeds: at most ${MAX_SOURCES} sources`);
  for (const [i, entry] of v.slice(0, MAX_SOURCES).entries()) {
    const error = checkFeedChoice(entry);
    if (error) problems.push(`feeds: source ${i + 1}: ${error}`);
    else {
      const { feed = null, endpoint = null, name } = entry as Partial<UnnamedChoice>;
      feeds.push({ feed, endpoint, ...(name !== undefined && { name }) });
    }
  }
  const named = nameFeeds(feeds);
  return { feeds: named.feeds, problems: [...problems, ...named.problems] };
}
