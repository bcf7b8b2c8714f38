/**
 * The engine's sessions: each made with the engine's options, and what it tells handed on:
 * ticks and snapshots to the alert evaluator, the feed's state and gaps to its feed rules and
 * the recordings, frames to the recordings and the replay controller (engine-listeners.ts).
 */
import type { AlertEvaluator } from '../alerts/index';
import type { FeedEngineOptions } from './engine-api';
import type { EngineListeners } from './engine-listeners';
import type { MergedState } from './merged-state';
import type { Metrics } from './metrics';
import type { SessionHooks } from './session-hooks';
import { SourceSession } from './source-session';
import type { Sources } from './sources';

/** The engine's parts a session's reports reach. */
export interface SessionHearers {
  readonly alerts: AlertEvaluator;
  readonly merged: MergedState;
  readonly listeners: EngineListeners;
  /** Read when a report comes: the engine's first session is made while its sources are. */
  readonly sources: () => Sources;
}

/** A session of the engine, `replay` if it is its replay, heard by `hearers`. */
export function engineSession(
  name: string,
  endpoint: string | null,
  replay: boolean,
  { simulator, exchanges, backoff, resyncTimeoutMs }: FeedEngineOptions,
  metrics: Metrics,
  hearers: SessionHearers,
): SourceSession {
  const options = { feedEndpoint: endpoint, simulator, exchanges, backoff, resyncTimeoutMs };
  return new SourceSession(name, options, metrics, sessionHooks(hearers, name, replay));
}

/** The hooks of a new session of source `name`, `replay` if it is the engine's replay. */
function sessionHooks(
  { alerts, merged, listeners, sources }: SessionHearers,
  name: string,
  replay: boolean,
): SessionHooks {
  // Feed rules and a recording's gap markers are about the live feed: a replay beside it
  // (closing, stalling, resyncing) must not fire "feed disconnected" or mark a live gap.
  const heard = () => !replay || !sources().live;
  return {
    tick: (tick, replay, state) => alerts.onTickIn(tick, replay, merged, state),
    snapshot: (id, state) => alerts.onSnapshotIn(id, state, merged),
    feedState: (state) => {
      if (heard()) alerts.feed.onState(state, name);
    },
    gaps: (from, instruments, at) => {
      if (!heard()) return;
      alerts.feed.onGap();
      for (const instrument of instruments)
        listeners.event({ type: 'gap', source: from.name, instrument, at });
    },
    // Recordings hear every recordable source, each frame with its source's name (the
    // recorder writes one stream per source). The replay controller hears the replay's.
    frame: (from, text, receivedAt) => {
      if (from === sources().replay) listeners.replayFrame(text, receivedAt);
      if (sources().isRecordable(from)) listeners.frame(text, receivedAt, from.name);
    },
    connected: (from) => {
      if (sources().isRecordable(from))
        listeners.event({ type: 'connected', source: from.name, at: Date.now() });
    },
    disconnected: (from, reason) => {
      if (sources().isRecordable(from))
        listeners.event({ type: 'disconnected', source: from.name, at: Date.now(), reason });
    },
  };
}
