/**
 * The worker thread of the worker-backed engine (main/feed/worker-engine.ts): the whole feed
 * engine (sockets, decode, fold, alerts, batch building) runs here, so the main thread's event
 * loop only moves finished batches. Built as its own entry (electron.vite.config.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineWorkerData } from './engine-worker-messages';
import { engineFromWorkerOptions, serveEngine } from './engine-worker-serve';

if (!parentPort) throw new Error('engine-worker.ts runs only as a worker thread');
const data = workerData as EngineWorkerData;
serveEngine(engineFromWorkerOptions(data.options), parentPort, data);
