/**
 * Folds the feed's messages into {@link FeedState} and moves the counts the health bar shows
 * (./ingest-figures.ts). One instance lives as long as the engine's source; the counts of gaps,
 * resyncs, late snapshots, conflation and malformed frames belong to a source session and
 * start from zero with a new source.
 */
import type { ReplayInfo, ServerMessage, SnapshotMessage } from '../../protocol/feed';
import type { SeekBars } from './bar-rebuild';
import { FeedState, type SnapshotOutcome } from './feed-state';
import type { LostState } from './feed-protocol';
import { IngestCounts, type IngestFigures } from './ingest-figures';
import type { Metrics } from './metrics';
import type { PendingRequests } from './pending-requests';
import { PendingSeekBars } from './pending-seek-bars';

export class Ingest {
  readonly state = new FeedState();
  /** Replay position when the feed is a replay. */
  replay: ReplayInfo | null = null;
  /** Bars read from the recording for seeks asked and not yet answered. */
  private readonly seekBars = new PendingSeekBars();
  /** Rises when health changed in a way consumers must see at once (see Batcher.flush). */
  healthVersion = 0;
  /**
   * Hears of the session's first late snapshot (older than what it already applied: refused),
   * so the source can say so once; the later ones are only counted.
   */
  onFirstLateSnapshot: ((instrument: string, seq: number) => void) | null = null;
  /**
   * Whether the connection the messages come on is live (./client-state.ts). A snapshot moves
   * the time of the last data only then: one served before, from store (a NATS desk whose
   * relay is dead), is the last state shown again, not an update, and read "last update 0 ms
   * ago" at each reconnect.
   */
  connectionLive = false;
  private readonly counts: IngestCounts;
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
    this.counts = new IngestCounts(now);
  }

  /**
   * A new source session: its state and its counters start empty, so a healthy new feed does
   * not inherit the old one's gaps. The tick total carries on.
   */
  restart(now: number = Date.now()): void {
    this.state.clear();
    this.state.conflatedTicks = 0;
    this.replay = null;
    this.seekBars.clear();
    this.counts.restart(now);
    this.healthVersion++;
  }

  /** `continued`: the rest of a `ticks` message split across slices, not a data frame of its own. */
  fold(message: ServerMessage, receivedAt: number, continued = false): void {
    const counts = this.counts;
    switch (message.op) {
      case 'ticks': {
        const gapped: string[] = [];
        counts.ticksTotal += message.ticks.length;
        this.metrics.addTicks(message.ticks.length);
        // A replay's ticks carry recorded times: their arrival says nothing of a clock.
        if (this.replay === null) counts.clock.ticks(message.ticks, receivedAt);
        if (this.state.applyTicks(message.ticks, (id) => gapped.push(id)) > 0)
          counts.lastTickAt = counts.lastDataAt = receivedAt;
        if (!continued) counts.dataFramesSinceBatch++;
        if (gapped.length > 0) {
          counts.gaps += gapped.length;
          this.onGaps(gapped, receivedAt, false);
        }
        break;
      }
      case 'snapshot':
        if (this.state.sequence.pending.has(message.instrument)) counts.resyncs++;
        else if (message.lostTail === true && this.state.has(message.instrument)) {
          // A gap and its resync at once: counted and heard as any gap, but asks for nothing.
          counts.gaps++;
          counts.resyncs++;
          this.healthVersion++;
          this.onGaps([message.instrument], receivedAt, true);
        }
        this.snapshotFolded(message, this.state.applySnapshot(message), receivedAt);
        counts.dataFramesSinceBatch++;
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
        if (message.seeked)
          this.state.seekTo(message.state.position, this.seekBars.take(message.state.position));
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

  /** A seek was asked with the bars open at its target, read from the recording (bar-rebuild.ts). */
  expectSeek(bars: SeekBars): void {
    this.seekBars.add(bars);
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
      if (l.reason === 'checksum') this.counts.checksumMismatches++;
      else this.counts.gaps++;
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
    this.counts.malformed++;
    this.setError(`malformed frame skipped: ${error}`);
  }

  setError(message: string): void {
    this.healthVersion++;
    this.counts.setError(message);
  }

  /**
   * Batches went out: data frames folded into them beyond one each were conflated. (The engine
   * counts the batches themselves, once: every source's ingest hears of each.)
   */
  batchesSent(count: number): void {
    if (count === 0) return;
    const counts = this.counts;
    counts.conflatedFrames += Math.max(0, counts.dataFramesSinceBatch - 1);
    counts.dataFramesSinceBatch = 0;
  }

  figures(now: number): IngestFigures {
    return this.counts.figures(now, this.state.conflatedTicks);
  }

  /**
   * A late snapshot is refused by the state, and counted here: a feed that keeps sending
   * stale snapshots (a misbehaving server or relay) would otherwise show nothing.
   */
  private snapshotFolded(
    { instrument, seq, state }: SnapshotMessage,
    outcome: SnapshotOutcome,
    receivedAt: number,
  ): void {
    const counts = this.counts;
    if (outcome === 'applied' && this.connectionLive) counts.lastDataAt = receivedAt;
    // A replay's states are recorded, dated by its position, not stored (Health.storedDataAt).
    else if (outcome === 'applied' && this.replay === null) counts.stored(state.ts, receivedAt);
    if (outcome !== 'late') return;
    if (counts.lateSnapshots++ === 0) this.onFirstLateSnapshot?.(instrument, seq);
    this.healthVersion++;
  }
}
