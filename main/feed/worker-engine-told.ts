/**
 * What the worker-backed engine has told its worker, kept so that a restarted worker is told it
 * again and carries on where the crashed one stopped.
 */
import type { AlertRule } from '../../protocol/alerts';
import type { FeedSource, RecordingStatus } from '../../protocol/health';
import type { FeedChoice } from '../../protocol/settings';
import type { FeedEngineOptions, ReplayView } from './engine-api';
import { checkBatchHz } from './engine-api';
import type { ForwardedCall, ToWorker } from './engine-worker-messages';
import type { AttachedConsumer } from './worker-consumers';

/** How a restarted worker is told again. */
interface Teller {
  post(message: ToWorker): void;
  tell(method: ForwardedCall, args: unknown[]): void;
}

export interface Told {
  feed: string | null;
  /** The first source's name, given back after a restart (null: its kind's, as connect gives). */
  name: string | null;
  source: FeedSource | undefined;
  connected: boolean;
  batchHz: number;
  feedEndpoint: string | null | undefined;
  alertRules: readonly AlertRule[] | null;
  recording: RecordingStatus | null;
  replayView: ReplayView | null;
  /**
   * The sources beside the first (`start()`'s further feeds, then `addSource`), re-added in
   * order after a restart with the names they had, so a crash renames nothing.
   */
  added: (Omit<FeedChoice, 'name'> & { name: string | null })[];
  /** The open replay's feed (`openReplay`), reopened after a restart. */
  replay: { url: string; source: FeedSource } | null;
}

/** What a new engine has told: its options, nothing more. */
export function toldAtStart(options: FeedEngineOptions): Told {
  return {
    feed: options.feed,
    name: null,
    source: undefined,
    connected: false,
    batchHz: checkBatchHz(options.batchHz),
    feedEndpoint: options.feedEndpoint,
    alertRules: null,
    recording: null,
    replayView: null,
    added: [],
    replay: null,
  };
}

/** What the main thread listens to, which a new worker must be asked for again. */
export interface Listening {
  readonly frames: boolean;
  readonly replayFrames: boolean;
  readonly consumers: Iterable<AttachedConsumer>;
}

/** Tells a restarted worker everything the crashed one had been told, in the order it was. */
export function retell(told: Told, link: Teller, listening: Listening): void {
  if (told.alertRules) link.tell('setAlertRules', [told.alertRules]);
  if (told.recording) link.tell('setRecordingStatus', [told.recording]);
  if (told.replayView) link.tell('setReplayView', [told.replayView]);
  if (listening.frames) link.post({ op: 'frames', on: true });
  if (listening.replayFrames) link.post({ op: 'replayFrames', on: true });
  for (const { consumer, interest } of listening.consumers) {
    link.post({ op: 'attach', consumer });
    if (interest !== null) link.post({ op: 'interest', consumer, interest });
  }
  if (told.connected) link.tell('connect', [told.feed, told.source, told.name ?? undefined]);
  for (const { feed, endpoint, name } of told.added)
    link.tell('addSource', [feed, endpoint, name ?? undefined]);
  if (told.replay) link.tell('openReplay', [told.replay.url, told.replay.source]);
}

/** `start()` with several feeds: a restart connects the first and adds the rest, as it does. */
export function toldStart(told: Told, feeds: readonly FeedChoice[] | undefined): void {
  const [first, ...more] = feeds ?? [];
  if (first !== undefined) {
    const added = more.map((choice) => ({ ...choice, name: choice.name ?? null }));
    const name = first.name ?? null;
    Object.assign(told, { feed: first.feed, feedEndpoint: first.endpoint, name, added });
  }
  told.connected = true;
}

/** After `start()`: the names its sources got (`names`), to give them back after a restart. */
export function toldNames(told: Told, names: readonly string[] | null): void {
  // A feed that failed to start was dropped: then which name is whose is not known.
  if (names?.length !== told.added.length + 1) return;
  told.name = names[0]!;
  told.added.forEach((added, i) => (added.name = names[i + 1]!));
}

/**
 * The source at `index` of the engine's was removed. The engine's sources are the feeds told,
 * in order; names come from the engine, as a source keeps its name when an earlier one goes (no
 * list of feeds gives them back).
 */
export function toldRemoved(told: Told, index: number): void {
  if (index === 0) {
    const next = told.added.shift()!;
    Object.assign(told, {
      feed: next.feed,
      feedEndpoint: next.endpoint,
      name: next.name,
      source: undefined,
    });
  } else if (index > 0) told.added.splice(index - 1, 1);
}
