/**
 * One recording while it runs: one writer per recorded source, fed with that source's raw
 * frames and connection markers. With one source the folder is that source's flat recording;
 * with several, each source records into a sub-folder named after it (one per period for a
 * source removed and added again; placed by stream-writers.ts), and `sources.json` lists them
 * (docs/RECORDING.md, "Several sources"). All writers share the recorder's clock, so their
 * times compare directly and a replay can merge them on one clock.
 */
import { MAX_SET_STREAMS, type RecordingWriter } from '../../recording';
import type { ConnectionEvent, RawFrameListener, StreamState } from '../feed/engine-api';
import { RunStreams, type RunStats } from './recording-run-streams';
import type { SourceStream } from './source-stream';
import { createWriter, openWriters, streamFor, type StreamNaming } from './stream-writers';

/** What a recording run needs of the feed engine. */
export interface RunEngine {
  onRawFrame(listener: RawFrameListener): () => void;
  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void;
  streamState(source?: string): StreamState;
}

/** How a run names and labels its sources, and what it records. */
export interface RunOptions extends StreamNaming {
  readonly engine: RunEngine;
  /**
   * The sources recorded: one name (or null: the engine's first recordable source) makes a
   * flat recording; several make a set.
   */
  readonly sources: readonly string[] | null;
  /** A set records sources that join while it runs too (the user asked for all of them). */
  readonly followJoins: boolean;
  /**
   * A source that joined lost `count` frames and markers while its folder was created (its
   * recording marks the gap there); the run goes on.
   */
  readonly onLoss?: (source: string, count: number) => void;
  /** Something the user should know that does not stop the run. */
  readonly onWarning?: (message: string) => void;
}

export class RecordingRun {
  private readonly streams: RunStreams;
  /** Sources added again once the set held MAX_SET_STREAMS streams: not recorded again. */
  private readonly capped = new Set<string>();
  private readonly detach: () => void;
  /** Why a source that joined could not get its writer: it stops the run, as a write error. */
  private joinError: string | null = null;

  private constructor(
    private readonly opts: RunOptions,
    readonly startedAt: number,
    /** True when sources record into sub-folders listed in `sources.json`. */
    readonly set: boolean,
    opened: readonly (readonly [SourceStream, RecordingWriter])[],
  ) {
    const { engine } = opts;
    this.streams = new RunStreams(opts.dir, startedAt);
    for (const [stream, writer] of opened) {
      this.streams.add(stream);
      // An exchange recording holds only the exchange's own messages (its replay runs them
      // through the adapter); protocol frames would not belong.
      if (opts.feed(stream.name) === null) {
        const { hello, snapshots } = engine.streamState(stream.name);
        if (hello) writer.write(JSON.stringify(hello), startedAt);
        for (const snapshot of snapshots) writer.write(JSON.stringify(snapshot), startedAt);
      }
      stream.opened(writer);
    }
    // From here on in the same turn, so no frame falls between the engine's state and the
    // first recorded frame.
    const offFrames = engine.onRawFrame((text, receivedAt, source) =>
      this.streamOf(source, receivedAt)?.write(text, receivedAt),
    );
    const offEvents = engine.onConnectionEvent((e) => {
      // A failed close is kept in the writer's stats, which stop the run at the next look.
      if (e.type === 'removed') return void this.end(e.source, e.at).catch(() => undefined);
      if (e.type === 'connected') this.endIfAnotherFeed(e.source, e.at);
      const extra = e.instrument === undefined ? {} : { instrument: e.instrument };
      this.streamOf(e.source, e.at)?.mark(e.type, e.at, extra);
    });
    this.detach = () => {
      offFrames();
      offEvents();
    };
  }

  /** Creates the folder (and sub-folders) and starts recording; rejects when a folder fails. */
  static async open(opts: RunOptions): Promise<RecordingRun> {
    const at = Date.now();
    const names = opts.sources ?? [opts.engine.streamState().source];
    const set = names.length > 1;
    const streams = names.map((name) => streamFor(opts, name, set, at));
    const run = new RecordingRun(opts, at, set, await openWriters(opts, streams));
    if (set) await run.streams.writeSetFile();
    return run;
  }

  get dir(): string {
    return this.opts.dir;
  }

  /** Summed over the sources; the first writer error, or why a source could not join. */
  stats(): RunStats {
    const stats = this.streams.stats();
    return { ...stats, error: stats.error ?? this.joinError };
  }

  /** Ends the stream of a source the engine removed; a set's `sources.json` says when. */
  private async end(source: string, at: number): Promise<void> {
    const stream = this.streams.of(source);
    if (!this.set || !stream || stream.to !== null) return;
    await stream.close(at);
    await this.streams.writeSetFile();
  }

  /**
   * Closes the writers of sources no longer among `live`: a removal the engine's `removed`
   * event did not reach this run with (it came while the run was opening).
   */
  async follow(live: readonly string[]): Promise<void> {
    if (!this.set) return;
    const gone = this.streams.recording().filter((s) => !live.includes(s.name));
    if (gone.length === 0) return;
    const at = Date.now();
    await Promise.all(gone.map((s) => s.close(at)));
    await this.streams.writeSetFile();
  }

  /** Stops listening, closes every writer and, for a set, writes the final `sources.json`. */
  async close(): Promise<void> {
    this.detach();
    const at = Date.now();
    await this.streams.closeAll(at);
    if (this.set) await this.streams.writeSetFile().catch(() => undefined);
  }

  /**
   * The stream a frame or event of `source` goes to. A set that follows joins opens one for a
   * source that joined, and a new one, in its own sub-folder, for a source removed (its stream
   * closed) and added again: the replay shows it for both periods and nothing between.
   */
  private streamOf(source: string, at: number): SourceStream | null {
    const known = this.streams.of(source);
    // Every frame comes here: a source that records goes straight to its stream.
    if (known?.to === null) return known;
    if (!this.set || !this.opts.followJoins || this.capped.has(source)) return known ?? null;
    // The run stops at its next look; it opens no more streams meanwhile.
    if (known && this.joinError !== null) return known;
    if (this.streams.count >= MAX_SET_STREAMS) {
      this.capped.add(source);
      this.opts.onWarning?.(
        `Recording: ${source} is not recorded again; a recording holds at most ${MAX_SET_STREAMS} streams.`,
      );
      return known ?? null;
    }
    const period = this.streams.nextPeriod(source);
    // A frame stamped before the earlier stream's end (it crossed from the engine's thread as
    // that stream closed) must not put the two periods' times out of order.
    const from = Math.max(at, known?.to ?? at);
    const stream = streamFor(this.opts, source, true, from, period);
    this.streams.add(stream);
    createWriter(this.opts, stream).then(
      async (writer) => {
        // Stopped or removed while its folder was being made.
        if (stream.to !== null) return writer.close();
        stream.opened(writer);
        if (stream.lost > 0) this.opts.onLoss?.(stream.name, stream.lost);
        await this.streams.writeSetFile();
      },
      async (err: unknown) => {
        this.joinError ??= (err as Error).message;
        await stream.close(Date.now());
      },
    );
    return stream;
  }

  /**
   * Ends the open stream of `source` when it now connects to another feed: removed and added
   * again under its freed name before {@link follow} saw it go. Its next frame opens a new
   * stream, so no stream holds two feeds (an exchange's replay needs the one its header names).
   * Asked once per connection, never per frame.
   */
  private endIfAnotherFeed(source: string, at: number): void {
    const known = this.streams.of(source);
    if (!this.set || !this.opts.followJoins || !known || known.to !== null) return;
    // A failed close is kept in the writer's stats, which stop the run at the next look.
    if (this.opts.label(source) !== known.label) known.close(at).catch(() => undefined);
  }
}
