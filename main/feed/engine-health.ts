/**
 * The engine's `Health`: the first shown source's figures and connection, the engine's own
 * metrics, the recording and the replay; with several sources shown, each one's chip and a
 * summary of the live ones (./sources-health.ts). {@link EngineStatus} keeps what the engine
 * itself adds, and says when the health may read differently.
 */
import type { Health, RecordingStatus } from '../../protocol/health';
import type { ReplayView } from './engine-api';
import type { MetricsSnapshot } from './metrics';
import type { SourceSession } from './source-session';
import { shownSource } from './shown-source';
import { summarise } from './sources-health';

/** The recording a health shows until a recorder tells the engine otherwise. */
export const NO_RECORDING: RecordingStatus = {
  active: false,
  dir: null,
  startedAt: null,
  bytes: 0,
  messages: 0,
};

/** What the health is made of besides the sources. */
export interface EngineFigures {
  readonly metrics: MetricsSnapshot;
  readonly recording: RecordingStatus;
  readonly replayView: ReplayView | null;
}

/** `shown`: the sources the page is shown, at least one; `replay`: the open replay's, if any. */
export function engineHealth(
  shown: readonly SourceSession[],
  replay: SourceSession | null,
  figures: EngineFigures,
  now: number,
): Health {
  const m = figures.metrics;
  const first = shown[0]!;
  const replayStatus = replay?.ingest.replay ?? null;
  const base: Health = {
    ...first.ingest.figures(now),
    connection: first.connection,
    connectionSince: first.connectionSince,
    ...shownSource(first.source, first.ingest.replay),
    ticksPerSec: m.ticksPerSec,
    batchesPerSec: m.batchesPerSec,
    reconnects: first.reconnects,
    latencyP50Ms: m.latencyP50Ms,
    latencyP99Ms: m.latencyP99Ms,
    eventLoopLagP99Ms: m.eventLoopLagP99Ms,
    recording: figures.recording,
    replay: replayStatus && {
      ...replayStatus,
      path: replay!.source.label,
      rangeFrom: replayStatus.start,
      rangeTo: replayStatus.end,
      ...figures.replayView,
    },
  };
  const notices = shown.flatMap((s) => (s === replay ? [] : s.notices(now)));
  const withNotices = notices.length > 0 ? { ...base, notices } : base;
  if (shown.length === 1) return withNotices;
  const sources = shown.map((s) => s.health(now));
  // The badge and figures speak for the live sources; a replay beside them has its chip.
  const live = sources.filter((_, i) => shown[i] !== replay);
  return { ...withNotices, ...(live.length > 1 && summarise(live)), sources };
}

/**
 * What the engine adds to its sources' health (the recording, the replay's view) and the
 * version of all a health is made of, by which the batcher tells whether to send it again.
 */
export class EngineStatus {
  private recording = NO_RECORDING;
  private replayView: ReplayView | null = null;
  /** Rises on engine-level health changes (recording, replay view, the set of sources). */
  private version = 0;

  setRecording(status: RecordingStatus): void {
    this.recording = status;
    this.version++;
  }

  setReplayView(view: ReplayView | null): void {
    this.replayView = view;
    this.version++;
  }

  /** The set of sources or their names changed. */
  sourcesChanged(): void {
    this.version++;
  }

  /** Rises whenever the engine's or one of the `shown` sources' health changed. */
  versionWith(shown: readonly SourceSession[]): number {
    let version = this.version;
    for (const session of shown) version += session.ingest.healthVersion;
    return version;
  }

  health(
    shown: readonly SourceSession[],
    replay: SourceSession | null,
    metrics: MetricsSnapshot,
    now: number,
  ): Health {
    const { recording, replayView } = this;
    return engineHealth(shown, replay, { metrics, recording, replayView }, now);
  }
}
