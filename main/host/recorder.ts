/**
 * Records what the app's feed sends: every raw frame the engine receives (not the conflated
 * batches) into a recording folder, with connection and gap markers. Electron-free; the host
 * wires start/stop to the menu and the record button.
 *
 * A recording may start long after the feed said hello, so it opens with the engine's last
 * hello and a snapshot per instrument built from the engine's own state: a replay then starts
 * from a full dashboard, exactly as a fresh connection would. The recorder listens to the
 * engine only while it records, so an idle recorder costs nothing per frame.
 */
import { join } from 'node:path';
import type { RecordingStatus } from '../../protocol/batch';
import { RecordingWriter } from '../../recording';
import type { ConnectionEvent, StreamState } from '../feed/engine';

/** What the recorder needs of the feed engine. */
export interface RecorderEngine {
  onRawFrame(listener: (text: string, receivedAt: number) => void): () => void;
  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void;
  /** The last hello and a snapshot per instrument whose state is known, as of now. */
  streamState(): StreamState;
  setRecordingStatus(status: RecordingStatus): void;
}

/** How often the health bar's recording time and size are refreshed, ms. */
export const RECORDING_STATUS_INTERVAL_MS = 1_000;

const IDLE: RecordingStatus = { active: false, dir: null, startedAt: null, bytes: 0, messages: 0 };

/** Options of {@link Recorder}. */
export interface RecorderOptions {
  readonly engine: RecorderEngine;
  /** Folder new recordings are created in (created when missing), one sub-folder each. */
  readonly root: () => string;
  /** Label of the current source (feed URL or name), written into the recording's header. */
  readonly source: () => string;
  /**
   * The exchange feed target (`kraken:BTC/USD`) when the engine reads an exchange's raw
   * messages, else null: written into the header so a replay runs them through that adapter.
   */
  readonly feed?: () => string | null;
  /** Called when writing failed (disk full, folder deleted...): the recording has stopped. */
  readonly onError?: (message: string) => void;
}

export class Recorder {
  private writer: RecordingWriter | null = null;
  private starting: Promise<RecordingStatus> | null = null;
  /** Detaches from the engine's frames and events; set while a writer is open. */
  private detach: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private last: RecordingStatus = IDLE;

  constructor(private readonly opts: RecorderOptions) {}

  /** Starts recording into `dir` (default: a new time-stamped folder under `root`). */
  start(dir?: string): Promise<RecordingStatus> {
    if (this.writer) return Promise.resolve(this.status());
    this.starting ??= this.open(dir ?? join(this.opts.root(), folderName(new Date()))).finally(
      () => {
        this.starting = null;
      },
    );
    return this.starting;
  }

  /** Stops: ends the last segment and writes the index; safe to call when idle. */
  async stop(): Promise<RecordingStatus> {
    await this.starting?.catch(() => null);
    const writer = this.writer;
    if (!writer) return this.status();
    this.writer = null;
    this.detach?.();
    this.detach = null;
    clearInterval(this.timer);
    await writer.close();
    const { error } = writer.stats();
    // What was written before the failure stays a readable recording.
    if (error) this.opts.onError?.(`Recording stopped: ${error}. What came before is kept.`);
    this.last = {
      ...IDLE,
      dir: writer.dir,
      bytes: writer.stats().bytes,
      messages: writer.stats().messages,
    };
    this.opts.engine.setRecordingStatus(IDLE);
    return this.last;
  }

  /** Recording time and size, as the health bar shows them. */
  status(): RecordingStatus {
    const w = this.writer;
    if (!w) return this.last;
    const s = w.stats();
    return {
      active: true,
      dir: w.dir,
      startedAt: s.startedAt,
      bytes: s.bytes,
      messages: s.messages,
    };
  }

  /** Stops any recording. */
  async close(): Promise<void> {
    await this.stop();
  }

  private async open(dir: string): Promise<RecordingStatus> {
    const at = Date.now();
    const feed = this.opts.feed?.() ?? undefined;
    const writer = await RecordingWriter.create({
      dir,
      source: this.opts.source(),
      feed,
      now: () => at,
      // The engine reports gaps it saw (onConnectionEvent); the writer need not guess them.
      markGaps: false,
    });
    const { engine } = this.opts;
    // An exchange recording holds only the exchange's own messages (its replay runs them
    // through the adapter); protocol frames would not belong.
    if (feed === undefined) {
      const { hello, snapshots } = engine.streamState();
      if (hello) writer.write(JSON.stringify(hello), at);
      for (const snapshot of snapshots) writer.write(JSON.stringify(snapshot), at);
    }
    // From here on in the same turn, so no frame falls between the engine's state and the
    // first recorded frame.
    this.writer = writer;
    const offFrames = engine.onRawFrame((text, receivedAt) => writer.write(text, receivedAt));
    const offEvents = engine.onConnectionEvent((e) => {
      const extra = e.instrument === undefined ? {} : { instrument: e.instrument };
      writer.mark(e.type, e.at, extra);
    });
    this.detach = () => {
      offFrames();
      offEvents();
    };
    this.timer = setInterval(() => this.tick(), RECORDING_STATUS_INTERVAL_MS);
    this.timer.unref();
    const status = this.status();
    this.opts.engine.setRecordingStatus(status);
    return status;
  }

  private tick(): void {
    if (this.writer?.stats().error) void this.stop();
    else this.opts.engine.setRecordingStatus(this.status());
  }
}

/** `2026-11-25_20-19-37`: sortable, and valid on every file system. */
function folderName(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-');
}
