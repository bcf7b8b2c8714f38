/**
 * What the health says a source is: the feed it was given, except that one whose server says it
 * replays a recording (its `hello` carried `replay`) is a replay, with its play state, however
 * it was reached, with what its server says of the replay (its span, position and speed, for
 * the health bar, bug 232). A `--feed` that is a replay server (`npm run feed -- replay`)
 * read LIVE over its recording's old data before.
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
    // Copied field by field: the health carries what the contract names, nothing a server added.
    replaying: {
      start: replay.start,
      end: replay.end,
      position: replay.position,
      playing: replay.playing,
      speed: replay.speed,
      loop: replay.loop,
    },
  };
}
