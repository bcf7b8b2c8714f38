/**
 * Where a recording's next line goes: the segment being written, rolled to the next one once
 * full (by time or size), with a checkpoint (every instrument's snapshot, from the recorded
 * state) at the top of each segment and every checkpoint interval of recorded time.
 */
import { CHECKPOINT_INTERVAL_MS, SEGMENT_MAX_BYTES, SEGMENT_MAX_MS } from './format';
import type { OpenSegment } from './open-segment';
import type { SegmentSeries } from './segment-series';
import type { RecordedState } from './recorded-state';

/** When a segment is full and how often a checkpoint is due; format.ts's limits by default. */
export interface RollLimits {
  readonly segmentMaxMs?: number;
  readonly segmentMaxBytes?: number;
  readonly checkpointIntervalMs?: number;
}

export class SegmentRoll {
  private segment!: OpenSegment;
  private lastCheckpointT = -Infinity;
  private latest: number;
  private readonly maxMs: number;
  private readonly maxBytes: number;
  private readonly checkpointIntervalMs: number;

  /** Opens the first segment at `start`. */
  constructor(
    private readonly segments: SegmentSeries,
    private readonly state: RecordedState,
    limits: RollLimits,
    start: number,
  ) {
    this.maxMs = limits.segmentMaxMs ?? SEGMENT_MAX_MS;
    this.maxBytes = limits.segmentMaxBytes ?? SEGMENT_MAX_BYTES;
    this.checkpointIntervalMs = limits.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS;
    this.latest = start;
    this.open(0, start);
  }

  /** The segment being written. */
  get current(): OpenSegment {
    return this.segment;
  }

  /** Time of the last line, epoch ms. */
  get lastAt(): number {
    return this.latest;
  }

  append(line: string, t: number): void {
    this.segment.append(line, t);
    this.latest = Math.max(this.latest, t);
  }

  /** Moves to the next segment, headed by a checkpoint, if the current one is full at `t`. */
  rollIfFull(t: number): void {
    if (!this.segment.isFull(t, this.maxBytes, this.maxMs)) return;
    const full = this.segment;
    // Opened first: if the next file cannot be created, the full one is still current and
    // the writer's failure ends it.
    this.open(full.tally.segment + 1, t);
    this.segments.end(full, t);
    this.checkpoint(t);
  }

  /** Writes a checkpoint at `t` if one interval has passed since the last. */
  checkpointIfDue(t: number): void {
    if (t - this.lastCheckpointT >= this.checkpointIntervalMs) this.checkpoint(t);
  }

  /** Ends the current segment at the last line's time. */
  end(): void {
    this.segments.end(this.segment, this.latest);
  }

  private checkpoint(t: number): void {
    this.lastCheckpointT = t;
    const snapshots = this.state.snapshots();
    if (snapshots.length === 0) return;
    this.segment.checkpoint(t);
    this.append(`${JSON.stringify({ t, k: 'checkpoint', snapshots })}\n`, t);
  }

  private open(n: number, t: number): void {
    const { segment, header } = this.segments.open(n, t);
    this.segment = segment;
    this.append(header, t);
  }
}
