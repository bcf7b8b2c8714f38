/**
 * A recording's segments in order: each opened with its header, ended in turn, and the index
 * rewritten as each one closes (in order, one write at a time) to list the closed ones.
 */
import type { Instrument } from '../protocol/feed';
import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type SegmentHeader,
  type SegmentInfo,
} from './format';
import { OpenSegment } from './open-segment';
import { writeIndex } from './recording-index';

/** What every header and the index say of the recording. */
export interface SeriesHeading {
  readonly dir: string;
  readonly source: string;
  /** The exchange feed target when frames are an exchange's raw messages. */
  readonly feed?: string;
  /** Recording start, epoch ms. */
  readonly start: number;
}

export class SegmentSeries {
  /** Every segment opened, the last one being written. */
  private readonly opened: OpenSegment[] = [];
  private readonly closed: SegmentInfo[] = [];
  private chain: Promise<void> = Promise.resolve();

  /**
   * @param instruments the instrument list as last announced, which heads new segments
   * @param fail told of an end or index write that failed, instead of a rejection
   */
  constructor(
    private readonly heading: SeriesHeading,
    private readonly instruments: () => readonly Instrument[],
    private readonly fail: (err: Error) => void,
  ) {}

  /** Opens segment `n` at `t`; its header line (./format.ts) is the caller's to append. */
  open(n: number, t: number): { readonly segment: OpenSegment; readonly header: string } {
    const segment = new OpenSegment(this.heading.dir, n, t);
    this.opened.push(segment);
    const { source, feed, start } = this.heading;
    const header: SegmentHeader = {
      k: 'header',
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      segment: n,
      source,
      ...(feed !== undefined && { feed }),
      start,
      instruments: this.instruments(),
    };
    return { segment, header: `${JSON.stringify(header)}\n` };
  }

  /** Ends `segment` at `t`, then lists it in the index, after the segments ended before it. */
  end(segment: OpenSegment, t: number): void {
    const ending = segment.end(t);
    ending.catch(() => {}); // handled in order by the chain below
    // Every link catches: a failed end or index write goes to `fail`, never an unhandled
    // rejection (which would end the process).
    this.chain = this.chain.then(async () => {
      try {
        const info = await ending;
        // A segment cut short by a failed write is left out of the index: readers scan it.
        if (segment.writer.error) throw segment.writer.error;
        this.closed.push(info);
        await this.writeIndex();
      } catch (err) {
        this.fail(err as Error);
      }
    });
  }

  /** Resolves once every segment ended so far is closed and indexed (or has failed). */
  ended(): Promise<void> {
    return this.chain;
  }

  /** Writes the index of the segments closed so far. */
  writeIndex(): Promise<void> {
    const { dir, source, feed, start } = this.heading;
    return writeIndex(dir, {
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      source,
      ...(feed !== undefined && { feed }),
      start,
      instruments: this.instruments(),
      segments: this.closed,
    });
  }

  /** Segments opened so far. */
  get count(): number {
    return this.opened.length;
  }

  /** On-disk (compressed) bytes of every segment so far. */
  bytes(): number {
    return this.opened.reduce((sum, s) => sum + s.writer.compressedBytes, 0);
  }
}
