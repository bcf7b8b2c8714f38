/** A read position in a recording: segment and entry, moving forward or jumping after a seek. */
import type { Entry } from './format';
import type { Recording } from './recording-reader';
import type { SeekResult } from './seek';

export class ReplayCursor {
  private segment = 0;
  private entry = 0;
  /** After a seek that did not locate its entry: skip entries received at or before this. */
  private after: number | null = null;

  constructor(private readonly recording: Recording) {}

  /** True before anything was read. */
  get atStart(): boolean {
    return this.segment === 0 && this.entry === 0;
  }

  /** True past the last entry. */
  get done(): boolean {
    return this.segment >= this.recording.segments.length;
  }

  /** The next entry without consuming it, or null at the end (decodes segments as needed). */
  async peek(): Promise<Entry | null> {
    while (!this.done) {
      const s = this.segment;
      const { entries } = await this.recording.segment(s);
      if (s !== this.segment) continue; // moved by a seek meanwhile
      if (this.after !== null) {
        const after = this.after;
        this.after = null;
        const i = entries.findIndex((e) => e.t > after);
        this.entry = i < 0 ? entries.length : i;
      }
      const e = entries[this.entry];
      if (e) return e;
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
    this.segment = result.segment;
    this.entry = result.entry ?? 0;
    this.after = result.entry === undefined ? result.position : null;
  }
}
