/**
 * Records what the app's feed sends: every raw frame the engine receives (not the conflated
 * batches) into a recording folder, with connection and gap markers. Electron-free; the host
 * wires start/stop to the menu and the record button.
 *
 * A recording may start long after the feed said hello, so the recorder keeps a shadow of the
 * stream (the last hello, and every instrument's state folded from snapshots and ticks) and
 * opens each recording with that hello and a snapshot per instrument: a replay then starts
 * from a full dashboard, exactly as a fresh connection would.
 */
import { join } from 'node:path';
import type { RecordingStatus } from '../../protocol/batch';
import { RecordingWriter } from '../../feed-simulator/recording/recording-writer';
import { StateFold } from '../../feed-simulator/recording/state-fold';

/** What the recorder needs of the feed engine. */
export interface RecorderEngine {
  onRawFrame(listener: (text: string, receivedAt: number) => void): () => void;
  onConnectionEvent(
    listener: (event: {
      type: 'connected' | 'disconnected' | 'gap';
      instrument?: string;
      at: number;
    }) => void,
  ): () => void;
  setRecordingStatus(status: RecordingStatus): void;
}

/** How often the health bar's recording time and size are refreshed, ms. */
export const RECORDING_STATUS_INTERVAL_MS = 1_000;

const IDLE: RecordingStatus = { active: false, dir: null, startedAt: null, bytes: 0, messages: 0 };

/** Options of {@link Recorder}. */
export interface RecorderOptions {
  readonly engine: RecorderEngine;
  /** Folder new recordings are created in, one sub-folder each. */
  readonly root: string;
  /** Label of the current source (feed URL or name), written into the recording's header. */
  readonly source: () => string;
  /**
   * The exchange feed target (`kraken:BTC/USD`) when the engine reads an exchange's raw
   * messages, else null: written into the header so a replay runs them through that adapter.
   */
  readonly feed?: () => string | null;
  /** Called when a recording stops by itself because writing failed (disk full...). */
  readonly onError?: (message: string) => void;
}

export class Recorder {
  private writer: RecordingWriter | null = null;
  private starting: Promise<RecordingStatus> | null = null;
  private lastHello: string | null = null;
  private readonly shadow = new StateFold();
  private readonly unsubscribe: (() => void)[];
  private timer: NodeJS.Timeout | undefined;
  private last: RecordingStatus = IDLE;

  constructor(private readonly opts: RecorderOptions) {
    const { engine } = opts;
    this.unsubscribe = [
      engine.onRawFrame((text, at) => this.onFrame(text, at)),
      engine.onConnectionEvent((e) => {
        const extra = e.instrument === undefined ? {} : { instrument: e.instrument };
        this.writer?.mark(e.type, e.at, extra);
      }),
    ];
  }

  /** Starts recording into `dir` (default: a new time-stamped folder under `root`). */
  start(dir?: string): Promise<RecordingStatus> {
    if (this.writer) return Promise.resolve(this.status());
    this.starting ??= this.open(dir ?? join(this.opts.root, folderName(new Date()))).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Stops: ends the last segment and writes the index; safe to call when idle. */
  async stop(): Promise<RecordingStatus> {
    await this.starting?.catch(() => null);
    const writer = this.writer;
    if (!writer) return this.status();
    this.writer = null;
    clearInterval(this.timer);
    await writer
      .close()
      .catch((err: Error) => this.opts.onError?.(`Recording not closed cleanly: ${err.message}`));
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

  /** Stops any recording and detaches from the engine. */
  async close(): Promise<void> {
    await this.stop();
    for (const off of this.unsubscribe) off();
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
    // An exchange recording holds only the exchange's own messages (its replay runs them
    // through the adapter); protocol frames, even from an earlier source, would not belong.
    if (feed === undefined) {
      if (this.lastHello) writer.write(this.lastHello, at);
      for (const snap of this.shadow.snapshots()) writer.write(JSON.stringify(snap), at);
    }
    this.writer = writer;
    this.timer = setInterval(() => this.tick(), RECORDING_STATUS_INTERVAL_MS);
    this.timer.unref();
    const status = this.status();
    this.opts.engine.setRecordingStatus(status);
    return status;
  }

  private tick(): void {
    const error = this.writer?.stats().error;
    if (!error) return this.opts.engine.setRecordingStatus(this.status());
    // What was written before the failure stays a readable recording.
    void this.stop().finally(() => this.opts.onError?.(`Recording stopped: ${error}`));
  }

  private onFrame(text: string, at: number): void {
    this.writer?.write(text, at);
    // Most servers put `op` first, which spares parsing heartbeats; others are parsed.
    let op: unknown = text.startsWith('{"op":"') ? text.slice(7, text.indexOf('"', 7)) : undefined;
    if (op !== undefined && op !== 'hello' && op !== 'ticks' && op !== 'snapshot') return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return; // the engine counts malformed frames; the shadow just skips them
    }
    op = (message as { op?: unknown } | null)?.op;
    if (op === 'hello') this.lastHello = text;
    else this.shadow.apply(message);
  }
}

/** `2026-11-25_20-19-37`: sortable, and valid on every file system. */
function folderName(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-');
}
