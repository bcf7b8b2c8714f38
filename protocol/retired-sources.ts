/**
 * The sources that have left the saved list (removed, or dropped by a switch of feed or of
 * workspace), each with its feed, kept in the settings (`Settings.retiredSources`) so that a name
 * given once is not given to another feed (bug 147): charts, compare lines, alert rules and pinned
 * rows saved for a removed `kraken-2` wait for it, and never show a later Kraken feed's data
 * under its name, in this run or a later one. The same feed added again takes its name back.
 */
import { checkFeedChoice } from './feed-choice-check';
import { checkSavedSourceName, sameSource } from './feed-names';
import { parseFeedTarget } from './feed-target';
import { isObj } from './plain-object';
import type { FeedChoice } from './settings';
import { REPLAY_SOURCE_NAME, defaultSourceName, freeSourceName } from './source-names';

/**
 * Most retired sources remembered; the oldest is forgotten first, and its name may then be
 * given again. Bounds the settings file (64 × a feed of at most a few hundred characters).
 */
export const MAX_RETIRED_SOURCES = 64;

/** A source that has left, under the name it had. */
export type RetiredSource = FeedChoice & { readonly name: string };

/**
 * The retired list after the saved sources go from `before` to `after`: every named source of
 * `before` whose name `after` does not have joins it (the newest last), every name `after` has
 * leaves it (in use again), and the oldest beyond {@link MAX_RETIRED_SOURCES} are forgotten.
 */
export function retireSources(
  retired: readonly RetiredSource[],
  before: readonly FeedChoice[],
  after: readonly FeedChoice[],
): RetiredSource[] {
  const live = new Set(after.flatMap((c) => (c.name === undefined ? [] : [c.name])));
  const left = before.filter((c): c is RetiredSource => c.name !== undefined && !live.has(c.name));
  const leaving = new Set(left.map((c) => c.name));
  const kept = retired.filter((c) => !live.has(c.name) && !leaving.has(c.name));
  return [...kept, ...left.map(({ feed, endpoint, name }) => ({ feed, endpoint, name }))].slice(
    -MAX_RETIRED_SOURCES,
  );
}

/**
 * The name a source added for `feed` and `endpoint` gets beside the sources named `live`: the
 * name it had when it left, when that is free; else the first free name of its kind that neither
 * a live source nor a retired one has, never {@link REPLAY_SOURCE_NAME}.
 */
export function nameNewSource(
  feed: string | null,
  endpoint: string | null,
  live: readonly string[],
  retired: readonly RetiredSource[],
): string {
  const taken = new Set([REPLAY_SOURCE_NAME, ...live]);
  const own = retired.findLast((c) => sameSource(c, { feed, endpoint }) && !taken.has(c.name));
  if (own !== undefined) return own.name;
  for (const c of retired) taken.add(c.name);
  const parsed = parseFeedTarget(feed);
  return freeSourceName(parsed.ok ? defaultSourceName(parsed.target) : 'source', taken);
}

/**
 * Reads `Settings.retiredSources` entry by entry: each a source with a valid name, a name
 * listed twice kept once (its later entry), at most the newest {@link MAX_RETIRED_SOURCES}.
 */
export function readRetiredSources(v: unknown): {
  sources: RetiredSource[];
  problems: string[];
} {
  if (!Array.isArray(v)) return { sources: [], problems: ['retiredSources: expected a list'] };
  const byName = new Map<string, RetiredSource>();
  const problems: string[] = [];
  if (v.length > MAX_RETIRED_SOURCES)
    problems.push(`retiredSources: at most ${MAX_RETIRED_SOURCES}; the oldest are forgotten`);
  for (const [i, entry] of v.slice(-MAX_RETIRED_SOURCES).entries()) {
    const error =
      checkFeedChoice(entry) ?? checkSavedSourceName(isObj(entry) ? entry.name : undefined);
    if (error) {
      problems.push(`retiredSources: entry ${i + 1}: ${error}`);
      continue;
    }
    const { feed = null, endpoint = null, name } = entry as Partial<RetiredSource>;
    byName.delete(name!);
    byName.set(name!, { feed, endpoint, name: name! });
  }
  return { sources: [...byName.values()], problems };
}
