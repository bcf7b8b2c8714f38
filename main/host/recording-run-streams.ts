/**
 * The streams of a recording run: each source's latest, and every one in the order they
 * opened, as a set's `sources.json` lists them (a source removed and added again has one per
 * period, docs/RECORDING.md "Several sources"). Writes that file and sums their figures.
 */
import { basename, join } from 'node:path';
import {
  RECORDING_SET_KIND,
  SOURCES_FILE,
  recordingSetVersion,
  type RecordingSetFile,
  type RecordingWriterStats,
} from '../../recording';
import { writeJsonFileAtomic } from './json-file';
import type { SourceStream } from './source-stream';

/** A run's figures: bytes and messages written, frames lost by sources that joined. */
export type RunStats = Pick<RecordingWriterStats, 'bytes' | 'messages' | 'error'> & {
  readonly lost: number;
};

export class RunStreams {
  private readonly latest = new Map<string, SourceStream>();
  private readonly all: SourceStream[] = [];
  private fileWrites: Promise<void> = Promise.resolve();

  constructor(
    /** The run's folder, where `sources.json` goes. */
    private readonly dir: string,
    private readonly startedAt: number,
  ) {}

  /** Source `name`'s latest stream, open or closed. */
  of(name: string): SourceStream | undefined {
    return this.latest.get(name);
  }

  add(stream: SourceStream): void {
    this.latest.set(stream.name, stream);
    this.all.push(stream);
  }

  /** How many streams there are, closed ones included. */
  get count(): number {
    return this.all.length;
  }

  /** The period a new stream of `name` records, from 1. */
  nextPeriod(name: string): number {
    return this.all.filter((s) => s.name === name).length + 1;
  }

  /** The streams still recording. */
  recording(): SourceStream[] {
    return this.all.filter((s) => s.to === null);
  }

  async closeAll(at: number): Promise<void> {
    await Promise.all(this.all.map((s) => s.close(at)));
  }

  /** Sums over every stream (see {@link SourceStream.lost}); the first writer error, if any. */
  stats(): RunStats {
    let bytes = 0;
    let messages = 0;
    let lost = 0;
    let error: string | null = null;
    for (const stream of this.all) {
      lost += stream.lost;
      const s = stream.open?.stats();
      if (!s) continue;
      bytes += s.bytes;
      messages += s.messages;
      error ??= s.error;
    }
    return { bytes, messages, lost, error };
  }

  /** Rewrites `sources.json` with the streams whose writers opened, one write at a time. */
  writeSetFile(): Promise<void> {
    const sources = this.all
      .filter((s) => s.open !== null)
      .map((s) => ({ name: s.name, dir: basename(s.dir), label: s.label, from: s.from, to: s.to }));
    const file: RecordingSetFile = {
      tickdeck: RECORDING_SET_KIND,
      version: recordingSetVersion(sources),
      start: this.startedAt,
      sources,
    };
    this.fileWrites = this.fileWrites
      .catch(() => undefined)
      .then(() => writeJsonFileAtomic(join(this.dir, SOURCES_FILE), file));
    return this.fileWrites;
  }
}
