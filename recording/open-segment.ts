/**
 * The segment a recording is writing: its file, the lines not yet handed to zlib (batched so
 * zlib sees few large writes), and the tally that becomes its index entry.
 */
import { join } from 'node:path';
import { segmentFileName, type SegmentInfo } from './format';
import { SegmentTally } from './recording-index';
import { SegmentWriter } from './segment-writer';

/** Buffered text handed to zlib once it grows past this, chars. */
const PENDING_MAX_CHARS = 64 * 1024;

export class OpenSegment {
  readonly writer: SegmentWriter;
  readonly tally: SegmentTally;
  private pending = '';

  constructor(dir: string, n: number, t: number) {
    const file = segmentFileName(n);
    this.writer = new SegmentWriter(join(dir, file));
    this.tally = new SegmentTally(file, n, t);
  }

  append(line: string, t: number): void {
    this.tally.line(line, t);
    this.pending += line;
    if (this.pending.length > PENDING_MAX_CHARS) this.drain();
  }

  /** Call just before appending a checkpoint line: indexes it and restarts the deflate stream. */
  checkpoint(t: number): void {
    const ref = this.tally.checkpoint(t);
    this.drain();
    void this.writer.restartPoint().then((offset) => (ref.deflateOffset = offset));
  }

  /** True when it holds data and has reached either limit. */
  isFull(t: number, maxBytes: number, maxMs: number): boolean {
    const { tally } = this;
    return tally.lines > 1 && (tally.bytes >= maxBytes || t - tally.start >= maxMs);
  }

  /** Everything so far to disk, decodable. */
  flush(): Promise<void> {
    this.drain();
    return this.writer.flush();
  }

  /**
   * Appends the end line at once (nothing more goes into this segment), then closes the file;
   * resolves with the segment's index entry.
   */
  end(t: number): Promise<SegmentInfo> {
    this.pending += `${JSON.stringify({ t, k: 'end' })}\n`;
    this.drain();
    const info = this.tally.info(this.writer);
    return this.writer
      .close()
      .then(() => ({ ...info, compressedBytes: this.writer.compressedBytes }));
  }

  private drain(): void {
    if (!this.pending) return;
    this.writer.write(this.pending);
    this.pending = '';
  }
}
