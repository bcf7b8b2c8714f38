/**
 * Folds the feed's messages into {@link FeedState} and keeps the counters the health bar
 * shows. One instance lives as long as the engine; the counters of gaps, resyncs, conflation
 * and malformed frames belong to a source session and start from zero with a new source.
 */
import type { Health } from '../../protocol/health';
import type { ReplayInfo, ServerMessage } from '../../protocol/feed';
import { FeedState } from './feed-state';
import type { LostState } from './feed-protocol';
import type { Metrics } from './metrics';
import type { PendingRequests } from './pending-requests';

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
  | 'malformed'
  | 'lastTickAgeMs'
  | 'lastDataAt'
  | 'sessionStartedAt'
  | 'lastError'
>;

export class Ingest {
  readonly state = new FeedState();
  /** Replay position when the feed is a replay. */
  replay: ReplayInfo | null = null;
  /** Rises when health changed in a way consumers must see at once (see Batcher.flush). */
  healthVersion = 0;
  private lastError: string | null = null;
  private lastTickAt: number | null = null;
  private lastDataAt: number | null = null;
  private sessionStartedAt: number;
  private ticksTotal = 0;
  private gaps = 0;
  private checksumMismatches = 0;
  private resyncs = 0;
  private malformed = 0;
  private conflatedFrames = 0;
  private dataFramesSinceBatch = 0;
  private resumed: readonly string[] = [];

  constructor(
    private readonly metrics: Metrics,
    private readonly requests: PendingRequests,
    /**
     * Hears of instruments whose sequence broke in one frame; they need a snapshot, unless
     * `repaired` (a lost tail, told with its snapshot).
     */
    private readonly onGaps: (
      instruments: readonly string[],
      at: number,
      repaired: boolean,
    ) => void,
    now: number = Date.now(),
  ) {
    this.sessionStartedAt = now;
  }

  /**
   * A new source session: its state and its counters start empty, so a healthy new feed does
   * not inherit the old one's gaps. The tick total carries on.
   */
  restart(now: number = Date.now()): void {
    this.state.clear();
    this.state.conflatedTicks = 0;
    this.replay = null;
    this.lastError = null;
    this.lastTickAt = null;
    this.lastDataAt = null;
    this.gaps = this.resyncs = this.malformed = this.conflatedFrames = 0;
    this.dataFramesSinceBatch = 0;
    this.sessionStartedAt = now;
    this.healthVersion++;
  }

  fold(message: ServerMessage, receivedAt: number): void {
    switch (message.op) {
      case 'ticks': {
        const gapped: string[] = [];
        this.ticksTotal += message.ticks.length;
        this.metrics.addTicks(message.ticks.length);
        if (this.state.applyTicks(message.ticks, (id) => gapped.push(id)) > 0)
          this.lastTickAt = this.lastDataAt = receivedAt;
        this.dataFramesSinceBatch++;
        if (gapped.length > 0) {
          this.gaps += gapped.length;
          this.onGaps(gapped, receivedAt, false);
        }
        break;
      }
      case 'snapshot':
        if (this.state.sequence.pending.has(message.instrument)) this.resyncs++;
        else if (message.lostTail === true && this.state.has(message.instrument)) {
          // A gap and its resync at once: counted and heard as any gap, but asks for nothing.
          this.gaps++;
          this.resyncs++;
          this.healthVersion++;
          this.onGaps([message.instrument], receivedAt, true);
        }
        if (this.state.applySnapshot(message)) this.lastDataAt = receivedAt;
        this.dataFramesSinceBatch++;
        break;
      case 'hello':
        this.state.setInstruments(message.instruments);
        this.state.sequence.newSession();
        this.replay = message.replay ?? null;
        this.healthVersion++;
        break;
      case 'replay':
        this.replay = message.state;
        this.healthVersion++;
        if (message.seeked) this.state.seekTo(message.state.position);
        break;
      case 'status': {
        if (this.requests.settle(message) || message.ok) break;
        // A refused resume of instruments a restarted source no longer announces is no fault:
        // the `["*"]` after it subscribes what the source has now.
        const restarted = this.resumed.some((id) => !this.state.has(id));
        if (message.error.code !== 'UNKNOWN_INSTRUMENT' || !restarted)
          this.setError(`${message.error.code}: ${message.error.message}`);
        break;
      }
      case 'heartbeat':
        break;
    }
  }

  /**
   * The dialect found these instruments broken (before their ticks could show it): each is
   * counted once, as a gap or a checksum mismatch, and resynced once, however many ticks or
   * frames repeat the news.
   */
  lost(lost: readonly LostState[], at: number): void {
    const fresh = lost.filter(
      (l) => this.state.has(l.instrument) && this.state.sequence.invalidate(l.instrument),
    );
    if (fresh.length === 0) return;
    for (const l of fresh) {
      if (l.reason === 'checksum') this.checksumMismatches++;
      else this.gaps++;
      this.state.invalidateBook(l.instrument);
    }
    this.healthVersion++;
    const instruments = fresh.map((l) => l.instrument);
    this.onGaps(instruments, at, false);
  }

  /** Where a new connection resumes from; its instruments are kept to tell a restart's refusal. */
  resumePoints(): Map<string, number> {
    const points = this.state.sequence.resumePoints();
    this.resumed = [...points.keys()];
    return points;
  }

  malformedFrame(error: string): void {
    this.malformed++;
    this.setError(`malformed frame skipped: ${error}`);
  }

  setError(message: string): void {
    this.healthVersion++;
    this.lastError =
      message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS)}…` : message;
  }

  /**
   * Batches went out: data frames folded into them beyond one each were conflated. (The engine
   * counts the batches themselves, once: every source's ingest hears of each.)
   */
  batchesSent(count: number): void {
    if (count === 0) return;
    this.conflatedFrames += Math.max(0, this.dataFramesSinceBatch - 1);
    this.dataFramesSinceBatch = 0;
  }

  figures(now: number): IngestFigures {
    return {
      ticksTotal: this.ticksTotal,
      conflatedTicks: this.state.conflatedTicks,
      conflatedFrames: this.conflatedFrames,
      gaps: this.gaps,
      checksumMismatches: this.checksumMismatches,
      resyncs: this.resyncs,
      malformed: this.malformed,
      // Local receive time, not the feed's clock: a replay or a skewed server stays truthful.
      lastTickAgeMs: this.lastTickAt === null ? null : now - this.lastTickAt,
      lastDataAt: this.lastDataAt,
      sessionStartedAt: this.sessionStartedAt,
      lastError: this.lastError,
    };
  }
}
