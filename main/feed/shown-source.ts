/**
 * What the health says a source is: the feed it was given, except that one whose server says it
 * replays a recording (its `hello` carried `replay`) is a replay, with its play state, however
 * it was reached. A `--feed` that is a replay server (`npm run feed -- replay`) read LIVE over
 * its recording's old data before.
 */
import type { ReplayInfo } from '../../protocol/feed';
import type { FeedSource, ReplayPlay } from '../../protocol/health';

export interface ShownSource {
  readonly source: FeedSource;
  readonly replaying?: ReplayPlay;
}

/** `source` as the health shows it, given what its server says it replays (`replay`, or null). */
export function shownSource(source: FeedSource, replay: ReplayInfo | null): ShownSource {
  if (replay === null) return { source };
  return {
    source: source.kind === 'replay' ? source : { kind: 'replay', label: source.label },
    replaying: { playing: replay.playing, position: replay.position },
  };
}
