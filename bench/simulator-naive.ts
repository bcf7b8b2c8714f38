/**
 * bench/simulator.bench.ts's baseline: a server driven by the same simulator events that sends
 * every tick as its own frame, serialised per client (`JSON.stringify` per tick per client).
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { DEFAULT_SIMULATOR_OPTIONS } from '../feed-simulator/index';
import { IntervalTicks } from '../feed-simulator/interval-ticks';
import { Simulation } from '../feed-simulator/simulation';

/** The naive server stops queueing past this backlog so the bench cannot exhaust memory. */
const NAIVE_MAX_BACKLOG_BYTES = 16 * 1024 * 1024;

/** The naive server: the same events, but every tick is its own frame, serialised per client. */
export async function startNaive(feed: {
  readonly instruments: number;
  readonly rate: number;
}): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  const sim = new Simulation(
    {
      seed: 1,
      instruments: feed.instruments,
      matches: 0,
      rate: feed.rate,
      scenario: 'steady',
      matchDurationMs: 600_000,
      bookLevels: DEFAULT_SIMULATOR_OPTIONS.bookLevels,
    },
    performance.now(),
    Date.now(),
  );
  const timer = setInterval(() => {
    const interval = new IntervalTicks();
    sim.advance(performance.now(), Date.now(), interval);
    for (const ws of wss.clients) {
      if (ws.bufferedAmount > NAIVE_MAX_BACKLOG_BYTES) continue;
      for (const tick of interval.ticks) ws.send(JSON.stringify({ op: 'ticks', ticks: [tick] }));
    }
  }, 10);
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      clearInterval(timer);
      for (const ws of wss.clients) ws.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}
