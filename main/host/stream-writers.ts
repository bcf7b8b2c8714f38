/**
 * Where each source of a recording run records, and the writer it records with: the run's
 * folder for a flat recording, or in a set a sub-folder per source and period; the writer's
 * header takes the source's label and feed, and its clock the run's.
 */
import { join } from 'node:path';
import { RecordingWriter, periodDir } from '../../recording';
import { SourceStream } from './source-stream';

/** How a run places and labels its sources. */
export interface StreamNaming {
  readonly dir: string;
  readonly label: (source: string) => string;
  /** The exchange feed target of a source reading an exchange's raw messages, else null. */
  readonly feed: (source: string) => string | null;
}

/** Source `name`'s `period`th stream (from 1): the run's folder alone, or its sub-folder in a set. */
export function streamFor(
  naming: StreamNaming,
  name: string,
  set: boolean,
  at: number,
  period = 1,
): SourceStream {
  const dir = set ? join(naming.dir, periodDir(name, period)) : naming.dir;
  return new SourceStream(name, dir, naming.label(name), at);
}

/** The writer of `stream`, its folder created. */
export function createWriter(naming: StreamNaming, stream: SourceStream): Promise<RecordingWriter> {
  return RecordingWriter.create({
    dir: stream.dir,
    source: stream.label,
    feed: naming.feed(stream.name) ?? undefined,
    now: () => stream.from,
    // The engine reports gaps it saw (onConnectionEvent); the writer need not guess them.
    markGaps: false,
  });
}

/** Each stream with its writer; when one cannot be created, the others are closed and it rejects. */
export async function openWriters(
  naming: StreamNaming,
  streams: readonly SourceStream[],
): Promise<(readonly [SourceStream, RecordingWriter])[]> {
  const writers = await Promise.allSettled(streams.map((s) => createWriter(naming, s)));
  const failed = writers.find((w) => w.status === 'rejected');
  if (failed) {
    for (const w of writers) if (w.status === 'fulfilled') await w.value.close();
    throw failed.reason;
  }
  return writers.map(
    (w, i) => [streams[i]!, (w as PromiseFulfilledResult<RecordingWriter>).value] as const,
  );
}
