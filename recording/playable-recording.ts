/**
 * A recording folder opened to be played: a Tickdeck feed's recording as it is, an exchange's
 * raw messages translated as they play. Without the exchange adapters (the simulator's replay
 * command has none) an exchange's recording is refused by name, as a single recording or as
 * one stream of a set.
 */
import { RecordingError } from './format';
import { openRecording, type OpenOptions, type Recording } from './recording-reader';
import type { FrameTranslatorFactory } from './segment-translation';
import { openTranslatedRecording, type TranslatedRecording } from './translated-recording';

export interface PlayOptions {
  readonly onWarning?: (message: string) => void;
  /** See {@link OpenOptions.onCut}. */
  readonly onCut?: OpenOptions['onCut'];
  /** Translates an exchange's recording; without it such a recording is refused. */
  readonly translate?: FrameTranslatorFactory;
}

export async function openPlayable(
  dir: string,
  opts: PlayOptions,
): Promise<Recording | TranslatedRecording> {
  const recording = await openRecording(dir, { onWarning: opts.onWarning, onCut: opts.onCut });
  if (recording.feed === null) return recording;
  if (!opts.translate)
    throw new RecordingError(
      'NEEDS_ADAPTERS',
      dir,
      `a recording of the ${recording.feed} feed holds the exchange's own messages; ` +
        'replay it in the Tickdeck app, which has the exchange adapters',
    );
  return openTranslatedRecording(recording, opts.translate(recording.feed));
}
