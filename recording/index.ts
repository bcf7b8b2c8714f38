/**
 * The recording format's front door: writing recordings (the app's recorder and the `record`
 * command), reading and seeking them, and serving them as a feed (in-app replay and the
 * `replay` command). Code outside `recording/` imports only this module.
 */
export { type FeedRecording, recordFeed } from './feed-recorder';
export { type Entry, RecordingError } from './format';
export { type Recording, openRecording } from './recording-reader';
export { listRecordings } from './recording-list';
export {
  RecordingWriter,
  type RecordingWriterOptions,
  type RecordingWriterStats,
} from './recording-writer';
export { type ReplayServer, checkSpeed, startReplayServer } from './replay-server';
export { ReplayCursor } from './replay-cursor';
export { seek } from './seek';
export { type FrameTranslator, type FrameTranslatorFactory } from './segment-translation';
export {
  MAX_SET_STREAMS,
  RECORDING_SET_KIND,
  SOURCES_FILE,
  type RecordingSetFile,
  type RecordingSetSource,
  isRecordingSet,
  periodDir,
  readRecordingSetFile,
  recordingSetVersion,
} from './recording-set-file';
export { type RecordingSet, openRecordingSet } from './recording-set';
