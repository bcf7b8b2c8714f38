/**
 * The host's recordings: the recorder, told each source's label and whether it is an
 * exchange's feed, and the recording commands.
 */
import type { Notice } from '../../protocol/ipc';
import { MAX_RECENT_RECORDINGS } from '../../protocol/ipc';
import { listRecordings } from '../../recording/index';
import type { FeedEngine } from '../feed/engine-api';
import type { Handlers } from './command-handlers';
import { Recorder } from './recorder';

type RecordingChannel =
  'recording:start' | 'recording:start-sources' | 'recording:stop' | 'recording:list';

export class HostRecording {
  readonly handlers: Handlers<RecordingChannel>;
  private readonly recorder: Recorder;

  /** `root`: the folder recordings go in, read at each use (a changed setting applies next). */
  constructor(engine: FeedEngine, root: () => string, notify: (notice: Notice) => void) {
    // A source's own label when several are shown; with one, the health's source is it.
    const sourceOf = (name: string) => {
      const health = engine.health();
      return health.sources?.find((s) => s.name === name)?.source ?? health.source;
    };
    const recorder = new Recorder({
      engine,
      root,
      source: (name) => sourceOf(name).label,
      feed: (name) => {
        const source = sourceOf(name);
        return source.kind === 'exchange' ? source.label : null;
      },
      onError: (message) => notify({ level: 'error', message }),
      onWarning: (message) => notify({ level: 'warning', message }),
    });
    this.recorder = recorder;
    this.handlers = {
      // Every live source, one stream each, is recorded; a replay beside them is not (a replay
      // the app was started with, alone, is recorded as before).
      'recording:start': () => recorder.start(),
      'recording:start-sources': (names) => recorder.start(undefined, names),
      'recording:stop': () => recorder.stop(),
      'recording:list': () => listRecordings(root(), MAX_RECENT_RECORDINGS),
    };
  }

  /** Flushes a recording in progress; a failure is logged, never thrown at a closing app. */
  close(): Promise<void> {
    return this.recorder
      .close()
      .catch((err: unknown) => console.error('tickdeck: recording not flushed:', err));
  }
}
