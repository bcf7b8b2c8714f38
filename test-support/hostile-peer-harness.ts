/**
 * Test support: the setup both halves of the hostile-peer suite share (main/hostile-peers.test.ts,
 * the protocol half, and main/hostile-peers-at-scale.test.ts, the scale half): the process-error
 * watch, a temporary folder, cleanups run in reverse at the end, and the bystanders whose data
 * must keep flowing while a hostile peer does its harm.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator } from '../feed-simulator/index';
import { createFeedEngine } from '../main/feed/engine';
import { until } from './batch-view';
import { watchProcessErrors, type ProcessErrors } from './process-errors';

/** A bystander must receive new data within this after each case, ms. */
export const BYSTANDER_WAIT_MS = 5_000;
/** How long a hostile peer is given to do its harm before the checks, ms. */
export const HARM_MS = 200;
/** Frames that are not JSON, not an object, or not text at all. */
export const MALFORMED = [
  '{',
  '{"op":',
  'null',
  '[]',
  '"op"',
  '42',
  '\u0000\u0001',
  '{"op":1}',
  '',
];

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Something that counts the data it receives. */
export interface Bystander {
  received(): number;
}

/** Waits until the bystander receives more data. */
export async function stillReceiving(bystander: Bystander): Promise<void> {
  const before = bystander.received();
  await until(() => bystander.received() > before, BYSTANDER_WAIT_MS);
}

/** Options of {@link hostilePeerHarness}. */
export interface HarnessOptions {
  /** Prefix of the temporary folder's name. */
  readonly tmpPrefix: string;
  /** Also assert at the end that no case left an uncaught error (default false). */
  readonly noErrorsAtEnd?: boolean;
}

/** One test module's harness; its hooks are registered by {@link hostilePeerHarness}. */
export interface HostilePeerHarness {
  /** Uncaught exceptions and unhandled rejections since the module started. */
  readonly errors: readonly unknown[];
  /** The module's temporary folder. */
  readonly root: string;
  /** Runs `cleanup` after the module's tests, the last registered first. */
  defer(cleanup: () => Promise<unknown> | unknown): void;
  /** A simulator at 500 ticks/s with 100 ms heartbeats (plus `options`), closed at the end. */
  simulator(options?: Parameters<typeof startSimulator>[0]): Promise<RunningSimulator>;
  /** A plain client that subscribes to everything and counts the `ticks` frames it receives. */
  tickCounter(url: string): Promise<Bystander>;
  /** A healthy engine on a simulator in the same process (one per module): the harm must not starve it. */
  healthyBystander(): Promise<Bystander>;
}

/** Registers the module's beforeAll and afterAll hooks and returns its harness. */
export function hostilePeerHarness(options: HarnessOptions): HostilePeerHarness {
  let watched: ProcessErrors | undefined;
  let root: string | undefined;
  let healthy: Bystander | undefined;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  beforeAll(async () => {
    watched = watchProcessErrors();
    root = await mkdtemp(join(tmpdir(), options.tmpPrefix));
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    // Every case, whatever it asserted, must also leave the process without an uncaught error.
    if (options.noErrorsAtEnd) expect(watched!.errors).toEqual([]);
    watched!.stop();
    await rm(root!, { recursive: true, force: true });
  });
  const harness: HostilePeerHarness = {
    get errors() {
      return watched!.errors;
    },
    get root() {
      return root!;
    },
    defer: (cleanup) => void cleanups.push(cleanup),
    async simulator(simOptions = {}) {
      const sim = await startSimulator({ port: 0, rate: 500, heartbeatMs: 100, ...simOptions });
      cleanups.push(() => sim.close());
      return sim;
    },
    async tickCounter(url) {
      const ws = new WebSocket(url);
      cleanups.push(() => ws.terminate());
      let ticks = 0;
      ws.on('message', (data) => {
        if (String(data).startsWith('{"op":"ticks"')) ticks++;
      });
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send('{"op":"subscribe","id":1,"instruments":["*"]}');
      return { received: () => ticks };
    },
    async healthyBystander() {
      if (healthy) return healthy;
      const sim = await harness.simulator({ instruments: 5, matches: 0 });
      const engine = createFeedEngine({ feed: sim.url, batchHz: 30 });
      cleanups.push(() => engine.close());
      let frames = 0;
      engine.onRawFrame(() => frames++);
      await engine.start();
      healthy = { received: () => frames };
      return healthy;
    },
  };
  return harness;
}
