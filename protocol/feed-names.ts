/**
 * The names saved with a list of sources (`Settings.feeds`), so that a source keeps its name
 * across restarts whatever the order of the others (bug 132): two sources of one kind were told
 * apart by `-2`, `-3` in the order added, and a restart without the first gave the second its
 * name, so charts and alert rules saved for one showed the other's data.
 */
import type { FeedChoice } from './settings';
import { parseFeedTarget } from './feed-target';
import {
  REPLAY_SOURCE_NAME,
  checkSourceName,
  defaultSourceName,
  freeSourceName,
} from './source-names';

/** A source of a list as read or given, its name not yet checked (or not yet given). */
export interface UnnamedChoice {
  readonly feed: string | null;
  readonly endpoint: string | null;
  readonly name?: unknown;
}

/** Null when `v` may be saved as a live source's name; otherwise what is wrong with it. */
export function checkSavedSourceName(v: unknown): string | null {
  if (typeof v !== 'string') return 'name: expected a source name';
  if (v === REPLAY_SOURCE_NAME) return `name: "${REPLAY_SOURCE_NAME}" is the replay's`;
  const error = checkSourceName(v);
  return error && `name: ${error}`;
}

/**
 * Names every source of `feeds`: its own name when it is valid and no earlier source's, else the
 * first free one of its kind beside every name kept and `reserved`, so that no source takes a
 * name saved for another. A list saved without names (files before the 32nd session) is named
 * in order, as those apps named it at each start. `problems` name each saved name not kept and
 * the name given instead.
 */
export function nameFeeds(
  feeds: readonly UnnamedChoice[],
  reserved: readonly string[] = [],
): { feeds: FeedChoice[]; problems: string[] } {
  const kept = new Map<number, string>();
  const owner = new Map<string, number>();
  const refused = new Map<number, string>();
  feeds.forEach(({ name }, i) => {
    if (name === undefined) return;
    const error = checkSavedSourceName(name);
    const earlier = error === null ? owner.get(name as string) : undefined;
    if (error !== null) refused.set(i, error);
    else if (earlier !== undefined)
      refused.set(i, `name "${name as string}" is source ${earlier + 1}'s too`);
    else {
      kept.set(i, name as string);
      owner.set(name as string, i);
    }
  });
  const taken = new Set([REPLAY_SOURCE_NAME, ...owner.keys(), ...reserved]);
  const named = feeds.map(({ feed, endpoint }, i): FeedChoice => {
    let name = kept.get(i);
    if (name === undefined) {
      const parsed = parseFeedTarget(feed);
      name = freeSourceName(parsed.ok ? defaultSourceName(parsed.target) : 'source', taken);
      taken.add(name);
    }
    return { feed, endpoint, name };
  });
  const problems = [...refused].map(
    ([i, error]) => `feeds: source ${i + 1}: ${error}; named "${named[i]!.name!}"`,
  );
  return { feeds: named, problems };
}

/**
 * True when two choices are one source: one feed, read as the feed grammar reads it (`sim`,
 * `embedded`, empty and null are all the simulator: bug 149), and one endpoint.
 */
export function sameSource(a: UnnamedChoice, b: UnnamedChoice): boolean {
  return feedKey(a.feed) === feedKey(b.feed) && a.endpoint === b.endpoint;
}

function feedKey(feed: string | null): string | null {
  const parsed = parseFeedTarget(feed);
  return parsed.ok && parsed.target.kind === 'embedded' ? null : feed;
}

/**
 * Names the sources of one run (the command line's `--feed`s) after the saved list: a source of
 * the same feed and endpoint as a saved one takes its name (each saved name once), the others a
 * fresh name that no saved source has, so a chart saved for a source not in this run waits for
 * it and shows no other's data.
 */
export function nameAfterSaved(
  choices: readonly FeedChoice[],
  saved: readonly FeedChoice[],
): FeedChoice[] {
  const unused = saved.filter((s) => s.name !== undefined);
  const matched = choices.map((choice): UnnamedChoice => {
    const i = unused.findIndex((s) => sameSource(s, choice));
    if (i === -1) return { feed: choice.feed, endpoint: choice.endpoint };
    return { ...choice, name: unused.splice(i, 1)[0]!.name };
  });
  return nameFeeds(
    matched,
    saved.flatMap((s) => (s.name === undefined ? [] : [s.name])),
  ).feeds;
}
