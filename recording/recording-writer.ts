/**
 * Writes a recording: frames exactly as received, one line each with the receive time, rolled
 * into segments by time or size; a checkpoint (full snapshot of every instrument) every
 * CHECKPOINT_INTERVAL_MS of recorded time and at the top of every segment; gap and connection
 * markers; the index rewritten as each segment closes. Flushed every FLUSH_INTERVAL_MS.
 */
import type { Instrument } from '../protocol/feed';
import { FLUSH_INTERVAL_MS, type MarkEvent, messageLine } from './format';
import { claimRecordingFolder } from './recording-folder';
import { readReceivedFrame } from './received-frame';
import { RecordedState } from './recorded-state';
import { type RollLimits, SegmentRoll } from './segment-roll';
import { SegmentSeries } from './segment-series';

/** Options of {@link RecordingWriter.create}. */
export interface RecordingWriterOptions extends RollLimits {
  /** Folder to create (or an empty one); a folder that already holds a recording is refused. */
  readonly dir: string;
  /** Feed URL or label, written into every header. */
  readonly source: string;
  /** The exchange feed target when frames are an exchange's raw messages (`kraken:BTC/USD`). */
  readonly feed?: string;
  readonly instruments?: readonly Instrument[];
  readonly flushIntervalMs?: number;
  /** Write a gap marker when a tick's seq does not follow the last one (default true). */
  readonly markGaps?: boolean;
  /** Clock for the recording start time; defaults to Date.now. */
  readonly now?: () => number;
}

/** Progress of a recording. */
export interface RecordingWriterStats {
  readonly startedAt: number;
  /** Receive time of the last line, epoch ms. */
  readonly lastAt: number;
  readonly messages: number;
  /** Protocol frames that did not decode: recorded as received, left out of checkpoints. */
  readonly invalidFrames: number;
  /** On-disk (compressed) bytes so far. */
  readonly bytes: number;
  readonly segments: number;
  /** Why writing failed (disk full...), or null. The recording up to then stays readable. */
  readonly error: string | null;
}

export class RecordingWriter {
  private readonly state: RecordedState;
  private readonly segments: SegmentSeries;
  private readonly lines: SegmentRoll;
  private messages = 0;
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private failure: Error | null = null;

  private constructor(
    private readonly opts: RecordingWriterOptions,
    readonly startedAt: number,
  ) {
    this.state = new RecordedState(opts.instruments ?? []);
    const { dir, source, feed } = opts;
    this.segments = new SegmentSeries(
      { dir, source, ...(feed !== undefined && { feed }), start: startedAt },
      () => this.state.instruments,
      (err) => this.fail(err),
    );
    this.lines = new SegmentRoll(this.segments, this.state, opts, startedAt);
    this.timer = setInterval(() => void this.flush(), opts.flushIntervalMs ?? FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Creates the folder and the first segment; refuses a folder that holds a recording. */
  static async create(opts: RecordingWriterOptions): Promise<RecordingWriter> {
    claimRecordingFolder(opts.dir);
    const writer = new RecordingWriter(opts, (opts.now ?? Date.now)());
    // Writing the first index proves the folder takes files before a frame is accepted.
    await writer.segments.writeIndex().catch(async (err: unknown) => {
      await writer.close();
      throw err;
    });
    return writer;
  }

  /** Records one frame exactly as received (`raw` is its text). Never throws; see `stats().error`. */
  write(raw: string, receivedAt: number): void {
    if (!this.writable()) return;
    try {
      this.writeFrame(raw, receivedAt);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private writeFrame(raw: string, receivedAt: number): void {
    const frame = readReceivedFrame(raw);
    if (frame.kind === 'gap') return this.mark('gap', receivedAt, { detail: frame.detail });
    const { parsed, text } = frame;
    this.lines.rollIfFull(receivedAt);
    this.lines.checkpointIfDue(receivedAt);
    this.lines.append(messageLine(receivedAt, text), receivedAt);
    this.lines.current.tally.message(parsed);
    this.messages++;
    // An exchange's own messages are folded by their adapter at replay, not here.
    if (this.opts.feed === undefined) this.foldProtocolFrame(parsed, receivedAt);
  }

  /**
   * Folds a protocol frame into the recorded state. The frame is on disk already, as it was
   * on the wire; one that does not decode is counted and left out of the state, never fatal.
   */
  private foldProtocolFrame(parsed: object, receivedAt: number): void {
    const gaps = this.state.apply(parsed);
    if (gaps === null || this.opts.markGaps === false) return;
    for (const g of gaps)
      this.mark('gap', receivedAt, {
        instrument: g.instrument,
        detail: `expected seq ${g.expected}, got ${g.got}`,
      });
  }

  /** Writes a connection or gap marker. */
  mark(event: MarkEvent, at: number, extra: { instrument?: string; detail?: string } = {}): void {
    if (!this.writable()) return;
    try {
      this.lines.rollIfFull(at);
      this.lines.append(`${JSON.stringify({ t: at, k: 'mark', event, ...extra })}\n`, at);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  stats(): RecordingWriterStats {
    return {
      startedAt: this.startedAt,
      lastAt: this.lines.lastAt,
      messages: this.messages,
      invalidFrames: this.state.invalidFrames,
      bytes: this.segments.bytes(),
      segments: this.segments.count,
      error: (this.failure ?? this.lines.current.writer.error)?.message ?? null,
    };
  }

  /** Writes everything so far to disk, decodable; a write that failed stops the recording. */
  async flush(): Promise<void> {
    await this.lines.current.flush();
    if (this.lines.current.writer.error) this.fail(this.lines.current.writer.error);
  }

  /**
   * Ends the last segment and writes the index; idempotent. Never rejects: a failure is in
   * `stats().error`, and what was flushed before it stays readable.
   */
  async close(): Promise<void> {
    this.stopWriting();
    await this.segments.ended();
  }

  get dir(): string {
    return this.opts.dir;
  }

  /** False once closed or failed; notices a segment write that failed since the last call. */
  private writable(): boolean {
    if (!this.closed && this.lines.current.writer.error) this.fail(this.lines.current.writer.error);
    return !this.closed;
  }

  /**
   * A write failed (disk full, folder deleted or read-only): the recording stops here, its last
   * segment is ended so everything accepted so far is whole on disk, and the first error stays.
   */
  private fail(err: Error): void {
    this.failure ??= err;
    this.stopWriting();
  }

  private stopWriting(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.lines.end();
  }
}
