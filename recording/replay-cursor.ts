/** A read position in a recording: segment and entry, moving forward or jumping after a seek. */
import type { Entry } from './format';
import type { Recording } from './recording-reader';
import type { SeekResult } from './seek';

export class ReplayCursor {
  private segment = 0;
  private entry = 0;
  /** After a seek that did not locate its entry: skip entries received at or before this. */
  private after: number | null = null;
  /** Rises on every `moveTo`, so a `peek` that waited knows the cursor was moved meanwhile. */
  private moves = 0;

  constructor(private readonly recording: Recording) {}

  /** True before anything was read. */
  get atStart(): boolean {
    return this.segment === 0 && this.entry === 0;
  }

  /** True past the last entry. */
  get done(): boolean {
    return this.segment >= this.recording.segments.length;
  }

  /**
   * The next entry without consuming it, or null at the end (decodes segments as needed, and
   * waits for a segment still being produced to grow).
   */
  async peek(): Promise<Entry | null> {
    while (!this.done) {
      const moves = this.moves;
      const segment = await this.recording.segment(this.segment);
      if (moves !== this.moves) continue; // moved by a seek meanwhile
      const { entries } = segment;
      if (this.after !== null) {
        const after = this.after;
        const i = entries.findIndex((e) => e.t > after);
        // Not produced yet: wait for more, then look again.
        if (i < 0 && (await segment.entryReady?.(entries.length))) continue;
        if (moves !== this.moves) continue;
        this.after = null;
        this.entry = i < 0 ? entries.length : i;
      }
      const e = entries[this.entry];
      if (e) return e;
      if (await segment.entryReady?.(this.entry)) continue;
      if (moves !== this.moves) continue;
      this.segment++;
      this.entry = 0;
    }
    return null;
  }

  /** Consumes the entry `peek` returned. */
  advance(): void {
    this.entry++;
  }

  moveTo(result: Pick<SeekResult, 'segment' | 'entry' | 'position'>): void {
    this.moves++;
    this.segment = result.segment;
    this.entry = result.entry ?? 0;
    this.after = result.entry === undefined ? result.position : null;
  }
}
