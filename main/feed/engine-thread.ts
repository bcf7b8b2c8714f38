/**
 * Which thread the feed engine runs in, chosen at start by `TICKDECK_ENGINE_THREAD`: `worker`
 * (a worker thread, main/feed/worker-engine.ts) or `main` (the engine on the main thread's
 * event loop); unset, {@link DEFAULT_ENGINE_THREAD}. Both are the same {@link FeedEngine}.
 */
import type { FeedEngine, FeedEngineOptions } from './engine-api';
import { createFeedEngine } from './engine';
import { createWorkerFeedEngine } from './worker-engine';

export const ENGINE_THREAD_ENV = 'TICKDECK_ENGINE_THREAD';
const THREADS = ['main', 'worker'] as const;
type EngineThread = (typeof THREADS)[number];
/**
 * The thread when the variable is unset. The worker keeps a busy or starved feed off the loop
 * that moves windows and answers IPC (docs/PERFORMANCE.md, "The engine's thread").
 */
export const DEFAULT_ENGINE_THREAD: EngineThread = 'worker';

/** The thread the environment names; a bad value is an error naming it. */
export function engineThreadOf(env: NodeJS.ProcessEnv): EngineThread {
  const thread = env[ENGINE_THREAD_ENV] ?? DEFAULT_ENGINE_THREAD;
  if (!(THREADS as readonly string[]).includes(thread))
    throw new Error(`${ENGINE_THREAD_ENV}: expected main or worker, got "${thread}"`);
  return thread as EngineThread;
}

/** Creates the engine in the thread the environment names. */
export function createEngine(
  options: FeedEngineOptions,
  env: NodeJS.ProcessEnv = process.env,
): FeedEngine {
  return engineThreadOf(env) === 'worker'
    ? createWorkerFeedEngine(options)
    : createFeedEngine(options);
}
