/**
 * The counts and times a source's {@link Ingest} keeps for the health bar, apart from the fold
 * that moves them. They belong to a source session: a new source starts them from zero (the
 * tick total carries on); a reconnect keeps them.
 */
import type { Health } from '../../protocol/health';
import { ClockAhead } from './clock-ahead';

/** Longest error text carried to the health bar, chars. */
const MAX_ERROR_CHARS = 300;

/** The health figures ingest owns. */
export type IngestFigures = Pick<
  Health,
  | 'ticksTotal'
  | 'conflatedTicks'
  | 'conflatedFrames'
  | 'gaps'
  | 'checksumMismatches'
  | 'resyncs'
  | 'lateSnapshots'
  | 'malformed'
  | 'lastTickAgeMs'
  | 'lastDataAt'
  | 'storedDataAt'
  | 'sessionStartedAt'
  | 'lastError'
  | 'clockAheadMs'
>;

export class IngestCounts {
  ticksTotal = 0;
  gaps = 0;
  checksumMismatches = 0;
  resyncs = 0;
  lateSnapshots = 0;
  malformed = 0;
  conflatedFrames = 0;
  /** Data frames folded since the last batch went out: those beyond one were conflated. */
  dataFramesSinceBatch = 0;
  lastTickAt: number | null = null;
  lastDataAt: number | null = null;
  storedDataAt: number | null = null;
  /** The newest stored state's own time and its first arrival (see {@link stored}). */
  private storedNewest: { ts: number; arrivedAt: number } | null = null;
  lastError: string | null = null;
  sessionStartedAt: number;
  /** How far ahead the source's clock stamps its ticks (bug 258). */
  readonly clock = new ClockAhead();

  constructor(now: number) {
    this.sessionStartedAt = now;
  }

  /** A new source session: its counts start from zero. The tick total carries on. */
  restart(now: number): void {
    this.lastError = null;
    this.lastTickAt = this.lastDataAt = this.storedDataAt = this.storedNewest = null;
    this.gaps = this.resyncs = this.lateSnapshots = this.malformed = this.conflatedFrames = 0;
    this.dataFramesSinceBatch = 0;
    this.sessionStartedAt = now;
    this.clock.clear();
  }

  /**
   * A state taken from store at `receivedAt`, of own time `ts`: `storedDataAt` is the newest
   * own time, never after that state's first arrival. A source's clock ahead of ours read
   * "stored data 0 ms old" (bug 237); the same states served again at each reconnect arrive
   * again, and do not make them younger.
   */
  stored(ts: number, receivedAt: number): void {
    if (this.storedNewest === null || ts > this.storedNewest.ts)
      this.storedNewest = { ts, arrivedAt: receivedAt };
    this.storedDataAt = Math.min(this.storedNewest.ts, this.storedNewest.arrivedAt);
  }

  setError(message: string): void {
    this.lastError =
      message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS)}…` : message;
  }

  /** `conflatedTicks`: the feed state's own count (ticks that came conflated). */
  figures(now: number, conflatedTicks: number): IngestFigures {
    return {
      ticksTotal: this.ticksTotal,
      conflatedTicks,
      conflatedFrames: this.conflatedFrames,
      gaps: this.gaps,
      checksumMismatches: this.checksumMismatches,
      resyncs: this.resyncs,
      lateSnapshots: this.lateSnapshots,
      malformed: this.malformed,
      // Local receive time, not the feed's clock: a replay or a skewed server stays truthful.
      lastTickAgeMs: this.lastTickAt === null ? null : now - this.lastTickAt,
      lastDataAt: this.lastDataAt,
      storedDataAt: this.storedDataAt,
      sessionStartedAt: this.sessionStartedAt,
      lastError: this.lastError,
      clockAheadMs: this.clock.shown(now) ?? undefined,
    };
  }
}
