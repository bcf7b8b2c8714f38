/**
 * What the worker-backed engine's two threads say to each other (main/feed/worker-engine.ts in
 * the main thread, main/feed/engine-worker.ts in the worker). Declared once, here.
 */
import type { AlertEvent, AlertRuleState } from '../../protocol/alerts';
import type { Batch } from '../../protocol/batch';
import type { Health } from '../../protocol/health';
import type { Interest } from '../../protocol/interest';
import type { PriceHistory } from '../../protocol/price-history';
import type { BackoffOptions } from './backoff';
import type { ConnectionEvent, FeedEngine, FeedEngineOptions, StreamState } from './engine-api';

/** The engine methods the main thread forwards as they are; each answers with a reply. */
export const FORWARDED_CALLS = [
  'start',
  'connect',
  'disconnect',
  'setBatchHz',
  'setFeedEndpoint',
  'sendReplayControl',
  'setRecordingStatus',
  'setReplayView',
  'setAlertRules',
  'addSource',
  'removeSource',
  'close',
  'openReplay',
  'closeReplay',
] as const satisfies readonly (keyof FeedEngine)[];
export type ForwardedCall = (typeof FORWARDED_CALLS)[number];

/** The engine's synchronous getters, answered on the sync port while the main thread waits. */
export type SyncQuery = 'health' | 'streamState' | 'alertStates' | 'priceHistory' | 'sourceNames';
export interface SyncAnswers {
  health: Health;
  streamState: StreamState;
  alertStates: AlertStatesRead;
  priceHistory: PriceHistory;
  sourceNames: readonly string[];
}

/**
 * Every rule's state, with how many changes of states (`alertStates` reports) the worker had
 * posted before this read: those, which may reach the main thread after it, are older than it.
 */
export interface AlertStatesRead {
  /** The worker's `threadId`: a restarted worker numbers its reports from 1 again. */
  readonly thread: number;
  readonly posted: number;
  readonly states: Record<string, AlertRuleState>;
}

/**
 * The engine's options as they cross to the worker: functions cannot be cloned, so the
 * exchange factory becomes a flag (the worker imports the same factory) and the backoff keeps
 * its numbers only.
 */
export interface WorkerEngineOptions extends Omit<FeedEngineOptions, 'exchanges' | 'backoff'> {
  readonly exchanges: boolean;
  readonly backoff?: Omit<BackoffOptions, 'random' | 'now'>;
}

/** What the worker is started with (`workerData`). */
export interface EngineWorkerData {
  readonly options: WorkerEngineOptions;
  /** Sync answers (`{ id, value }`) go here; `syncFlag[0]` is then set to the id and notified. */
  readonly syncPort: MessagePort;
  readonly syncFlag: Int32Array;
}

export type ToWorker =
  | {
      readonly op: 'call';
      readonly id: number;
      readonly method: ForwardedCall;
      readonly args: unknown[];
    }
  | {
      readonly op: 'query';
      readonly id: number;
      readonly query: SyncQuery;
      /** The getter's arguments (`priceHistory`'s request, `streamState`'s source name). */
      readonly args?: readonly unknown[];
    }
  | { readonly op: 'attach'; readonly consumer: number }
  | { readonly op: 'ack'; readonly consumer: number; readonly seq: number }
  | { readonly op: 'interest'; readonly consumer: number; readonly interest: Interest }
  | { readonly op: 'detach'; readonly consumer: number }
  /** Raw frames cross only while someone in the main thread listens (the recorder). */
  | { readonly op: 'frames'; readonly on: boolean }
  /** The replay's frames cross only while the replay controller listens. */
  | { readonly op: 'replayFrames'; readonly on: boolean };

export type FromWorker =
  /** A forwarded call's outcome: its result (`addSource`'s name), or its error's message. */
  | { readonly op: 'reply'; readonly id: number; readonly value?: unknown; readonly error?: string }
  | { readonly op: 'batch'; readonly consumer: number; readonly batch: Batch }
  | {
      readonly op: 'frame';
      readonly text: string;
      readonly receivedAt: number;
      /** The name of the source it came from (see `RawFrameListener`). */
      readonly source: string;
    }
  | { readonly op: 'replayFrame'; readonly text: string; readonly receivedAt: number }
  | { readonly op: 'event'; readonly event: ConnectionEvent }
  | { readonly op: 'alert'; readonly event: AlertEvent }
  /** Rules whose state changed (`FeedEngine.onAlertStates`), the `n`th such report of `thread`. */
  | {
      readonly op: 'alertStates';
      readonly thread: number;
      readonly n: number;
      readonly states: Readonly<Record<string, AlertRuleState>>;
    };
