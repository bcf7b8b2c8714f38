// The engine's own tests (engine.test.ts), unchanged, against the worker-backed engine: its
// `createFeedEngine` is swapped for `createWorkerFeedEngine` here, and the worker runs the real
// engine. Two of those tests inject a random source into the backoff, which cannot cross to a
// worker; they run on the worker's own random schedule.
import { vi } from 'vitest';
import type * as EngineModule from './engine';

// Loaded before the mock below applies, so the worker engine keeps the real engine module.
const { createWorkerFeedEngine } = await vi.hoisted(() => import('./worker-engine'));

vi.mock('./engine', async (importOriginal) => ({
  ...(await importOriginal<typeof EngineModule>()),
  createFeedEngine: createWorkerFeedEngine,
}));

await import('./engine.test');
