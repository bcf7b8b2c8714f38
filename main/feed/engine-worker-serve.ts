/**
 * The worker's side of the worker-backed engine: runs the calls, queries and consumers the main
 * thread sends (main/feed/worker-engine.ts) against the engine, and posts back its batches,
 * events, alerts and, while asked, frames. main/feed/engine-worker.ts is the entry that starts
 * it; a bench's entry may wrap it to measure inside the worker.
 */
import { threadId, type MessagePort } from 'node:worker_threads';
import { exchangeProtocol } from './adapters/exchange-protocol';
import type { BatchConsumer } from './batch-consumer';
import type { FeedEngine } from './engine-api';
import { createFeedEngine } from './engine';
import type {
  EngineWorkerData,
  FromWorker,
  SyncAnswers,
  SyncQuery,
  ToWorker,
  WorkerEngineOptions,
} from './engine-worker-messages';
import type { PriceHistoryRequest } from '../../protocol/price-history';
import { TurnQueue } from './turn-queue';

/** The engine the options that crossed to the worker describe (the exchange factory by flag). */
export function engineFromWorkerOptions(options: WorkerEngineOptions): FeedEngine {
  return createFeedEngine({
    ...options,
    exchanges: options.exchanges ? exchangeProtocol : undefined,
  });
}

/** What the worker talks to the main thread through (its `parentPort`). */
export type ParentPort = Pick<MessagePort, 'postMessage' | 'on'>;

/** Serves `engine` to the main thread over `port` until the worker ends. */
export function serveEngine(
  engine: FeedEngine,
  port: ParentPort,
  { syncPort, syncFlag }: Pick<EngineWorkerData, 'syncPort' | 'syncFlag'>,
): void {
  const consumers = new Map<number, BatchConsumer>();
  let offFrames: (() => void) | null = null;
  let offReplayFrames: (() => void) | null = null;

  const post = (message: FromWorker) => port.postMessage(message);
  // Batches leave one a turn, after the frames that arrived while they were built (turn-queue.ts).
  const batches = new TurnQueue(post);
  engine.onConnectionEvent((event) => post({ op: 'event', event }));
  // Posted as it fires, from inside the fold, not behind the next batch.
  engine.onAlert((event) => post({ op: 'alert', event }));
  let statesPosted = 0;
  engine.onAlertStates((states) =>
    post({ op: 'alertStates', thread: threadId, n: ++statesPosted, states }),
  );

  function answer({ query, args }: Extract<ToWorker, { op: 'query' }>): SyncAnswers[SyncQuery] {
    if (query === 'health') return engine.health();
    if (query === 'streamState') return engine.streamState(args?.[0] as string | undefined);
    if (query === 'priceHistory') return engine.priceHistory(args?.[0] as PriceHistoryRequest);
    if (query === 'sourceNames') return engine.sourceNames();
    return { thread: threadId, posted: statesPosted, states: engine.alertStates() };
  }

  async function call({ id, method, args }: Extract<ToWorker, { op: 'call' }>): Promise<void> {
    try {
      const target = engine[method] as (...args: unknown[]) => unknown;
      const value = await target.apply(engine, args);
      post({ op: 'reply', id, value });
    } catch (err) {
      post({ op: 'reply', id, error: err instanceof Error ? err.message : String(err) });
    }
  }

  port.on('message', (message: ToWorker) => {
    switch (message.op) {
      case 'call':
        void call(message);
        break;
      case 'query':
        // Posted before the flag is raised, so the waiting main thread finds it on the port.
        syncPort.postMessage({ id: message.id, value: answer(message) });
        Atomics.store(syncFlag, 0, message.id);
        Atomics.notify(syncFlag, 0);
        break;
      case 'attach': {
        const id = message.consumer;
        consumers.set(
          id,
          engine.attach((batch) => batches.push({ op: 'batch', consumer: id, batch })),
        );
        break;
      }
      case 'ack':
        consumers.get(message.consumer)?.ack(message.seq);
        break;
      case 'interest':
        consumers.get(message.consumer)?.declareInterest(message.interest);
        break;
      case 'detach':
        consumers.get(message.consumer)?.detach();
        consumers.delete(message.consumer);
        break;
      case 'frames':
        offFrames?.();
        offFrames = message.on
          ? engine.onRawFrame((text, receivedAt, source) =>
              post({ op: 'frame', text, receivedAt, source }),
            )
          : null;
        break;
      case 'replayFrames':
        offReplayFrames?.();
        offReplayFrames = message.on
          ? engine.onReplayFrame((text, receivedAt) =>
              post({ op: 'replayFrame', text, receivedAt }),
            )
          : null;
        break;
    }
  });
}
