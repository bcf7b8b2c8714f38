/**
 * One source's recording inside a recording run: its writer, and what arrives while that writer
 * is still being created (a source that joins mid-recording sends its hello at once, before its
 * folder exists).
 */
import type { RecordingWriter } from '../../recording';

/** Most frames and markers held for a source whose writer is still opening. */
export const MAX_QUEUED_WRITES = 10_000;

export class SourceStream {
  private writer: RecordingWriter | null = null;
  private queued: Array<(writer: RecordingWriter) => void> | null = [];
  /** When its writer closed, epoch ms; null while it records. */
  to: number | null = null;
  /** Frames and markers dropped because the queue was full while its writer opened. */
  lost = 0;
  /** When the first of them arrived, epoch ms: where the recording's gap marker goes. */
  private lostFrom = 0;

  constructor(
    readonly name: string,
    /** Its folder: the run's own (one source) or a sub-folder named after it. */
    readonly dir: string,
    readonly label: string,
    readonly from: number,
  ) {}

  /**
   * The writer is open: what was queued is written, in order, then a `gap` marker where the
   * queue filled, so a replay shows the loss where it was (the frames after it are whole).
   */
  opened(writer: RecordingWriter): void {
    this.writer = writer;
    for (const write of this.queued ?? []) write(writer);
    this.queued = null;
    if (this.lost > 0)
      writer.mark('gap', this.lostFrom, {
        detail: `${this.lost} frames and markers lost: more than ${MAX_QUEUED_WRITES} arrived while the recording folder was created`,
      });
  }

  /** The writer, once open. */
  get open(): RecordingWriter | null {
    return this.writer;
  }

  write(text: string, receivedAt: number): void {
    this.with(receivedAt, (w) => w.write(text, receivedAt));
  }

  mark(...args: Parameters<RecordingWriter['mark']>): void {
    this.with(args[1], (w) => w.mark(...args));
  }

  /** Closes its writer (when it opened); `to` says when. */
  async close(at: number): Promise<void> {
    this.to ??= at;
    this.queued = null;
    await this.writer?.close();
  }

  private with(at: number, write: (writer: RecordingWriter) => void): void {
    if (this.to !== null) return;
    if (this.writer) write(this.writer);
    else if (this.queued === null) return;
    // Creating a folder takes milliseconds; a bound keeps a stalled disk from costing memory.
    else if (this.queued.length < MAX_QUEUED_WRITES) this.queued.push(write);
    else if (this.lost++ === 0) this.lostFrom = at;
  }
}
