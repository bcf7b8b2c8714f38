// The per-source recording tests (engine-recording.test.ts), unchanged, against the
// worker-backed engine: frames, stream states and events cross the thread with their source.
import { vi } from 'vitest';
import type * as EngineModule from './engine';

// Loaded before the mock below applies, so the worker engine keeps the real engine module.
const { createWorkerFeedEngine } = await vi.hoisted(() => import('./worker-engine'));

vi.mock('./engine', async (importOriginal) => ({
  ...(await importOriginal<typeof EngineModule>()),
  createFeedEngine: createWorkerFeedEngine,
}));

await import('./engine-recording.test');
