/**
 * Test fixture: one engine with two live sources, the embedded simulator (`sim`, 5 instruments)
 * and a second simulator on port 0 (`127-0-0-1-<port>`, 3 instruments, another seed), started and
 * holding rows of both: what the recorder's several-source tests record. Everything it starts
 * is pushed onto `closers`, to be closed after the test in reverse order.
 */
import { startSimulator, type RunningSimulator } from '../feed-simulator/index';
import { createFeedEngine } from '../main/feed/engine';
import type { FeedEngine } from '../main/feed/engine-api';
import { until, watch, type View } from './batch-view';
import { sourceNameOf } from './source-name';

export interface TwoSources {
  readonly engine: FeedEngine;
  /** The second simulator: its feed URL is the second source. */
  readonly other: RunningSimulator;
  /** The second source's name. */
  readonly otherName: string;
  readonly view: View;
}

export async function startTwoSources(
  closers: (() => Promise<void> | void)[],
): Promise<TwoSources> {
  const other = await startSimulator({ port: 0, seed: 9, rate: 300, instruments: 3, matches: 0 });
  closers.push(() => other.close());
  const engine = createFeedEngine({
    feed: null,
    feeds: [
      { feed: null, endpoint: null },
      { feed: other.url, endpoint: null },
    ],
    batchHz: 30,
    simulator: { seed: 5, rate: 300, instruments: 5, matches: 0 },
    backoff: { baseMs: 20, capMs: 100 },
  });
  closers.push(() => engine.close());
  const view = watch(engine);
  await engine.start();
  const otherName = sourceNameOf(other.url);
  await until(
    () =>
      ['sim:', `${otherName}:`].every((p) => [...view.market.keys()].some((k) => k.startsWith(p))),
    10_000,
  );
  return { engine, other, otherName, view };
}
