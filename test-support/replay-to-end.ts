/**
 * Test fixture: a recording folder replayed over a real socket, at full speed, into a fresh
 * engine, until the replay has played to its end: the raw frames the replay server sent and the
 * state the engine built from them. What it starts is pushed onto `closers`.
 */
import { startReplayServer } from '../recording';
import { createFeedEngine } from '../main/feed/engine';
import { until, watch, type View } from './batch-view';

export interface Replayed {
  /** Every frame the replay server sent, as sent. */
  readonly frames: readonly string[];
  readonly view: View;
}

export async function replayToEnd(
  dir: string,
  closers: (() => Promise<void> | void)[],
): Promise<Replayed> {
  const server = await startReplayServer({ dir, speed: 0 });
  closers.push(() => server.close());
  const engine = createFeedEngine({ feed: server.url, batchHz: 30 });
  closers.push(() => engine.close());
  const frames: string[] = [];
  engine.onRawFrame((text) => frames.push(text));
  const view = watch(engine);
  await engine.openReplay(server.url, { kind: 'replay', label: 'replayed' });
  // At full speed a short recording can end before the engine's next batch: the view holds
  // the replayed state once a batch with rows has followed.
  await until(() => engine.health().replay?.playing === false && view.market.size > 0, 20_000);
  return { frames, view };
}
