import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../protocol/batch';
import { startSimulator } from '../../feed-simulator/index';
import { openRecording, startReplayServer } from '../../recording';
import { exchangeProtocol } from '../feed/adapters/exchange-protocol';
import { KRAKEN_BOOK_SNAPSHOT, KRAKEN_BOOK_UPDATE } from '../../test-support/kraken-book-payloads';
import {
  KRAKEN_HEARTBEAT,
  KRAKEN_STATUS,
  KRAKEN_TICKER_ACK,
  KRAKEN_TICKER_SNAPSHOT,
  KRAKEN_TICKER_UPDATE,
  KRAKEN_TRADE_SNAPSHOT,
} from '../../test-support/kraken-payloads';
import { MockExchange } from '../../test-support/mock-exchange';
import { createFeedEngine } from '../feed/engine';
import { until, watch } from '../../test-support/batch-view';
import { createAppHost } from './host';
import { Recorder } from './recorder';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** The documented payloads are pretty-printed; exchanges send one line (and exact numbers). */
const wire = (text: string) => text.replace(/\n\s*/g, '');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lastInstruments = (batches: readonly Batch[]) =>
  batches.findLast((b) => b.instruments)?.instruments;

describe('record an exchange feed in the app, replay it in the app host', () => {
  it('replays the raw Kraken messages through the Kraken adapter: the dashboard ends where the live one did', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tickdeck-exchange-round-trip-'));
    closers.push(() => rmSync(root, { recursive: true, force: true }));
    const exchange = await MockExchange.start();
    closers.push(() => exchange.close());
    const live = createFeedEngine({
      feed: null,
      feedEndpoint: exchange.url,
      batchHz: 30,
      exchanges: exchangeProtocol,
      backoff: { baseMs: 5_000, capMs: 5_000 },
    });
    closers.push(() => live.close());
    const liveView = watch(live);
    // Wired as the app host wires it.
    const recorder = new Recorder({
      engine: live,
      root: () => root,
      source: () => live.health().source.label,
      feed: () => (live.health().source.kind === 'exchange' ? live.health().source.label : null),
    });
    closers.push(() => recorder.close());
    // The app watched the simulator before: its hello and state must not leak into the recording.
    const sim = await startSimulator({ port: 0, seed: 3, rate: 100, instruments: 2, matches: 0 });
    closers.push(() => sim.close());
    await live.connect(sim.url);
    await until(() => liveView.market.size === 2);
    await live.connect('kraken:ALGO/USD,MATIC/USD');
    const socket = await exchange.client();
    await exchange.until(() => socket.received.length >= 4);
    const dir = join(root, 'rec');
    await recorder.start(dir);
    const matic = (text: string) => text.replace('ALGO/USD', 'MATIC/USD');
    exchange.play(socket, ...[KRAKEN_STATUS, KRAKEN_TICKER_ACK, KRAKEN_TICKER_SNAPSHOT].map(wire));
    await pause(200);
    exchange.play(socket, ...[matic(KRAKEN_TICKER_SNAPSHOT), KRAKEN_BOOK_SNAPSHOT].map(wire));
    await pause(200);
    exchange.play(
      socket,
      ...[KRAKEN_BOOK_UPDATE, KRAKEN_TICKER_UPDATE, KRAKEN_TRADE_SNAPSHOT, KRAKEN_HEARTBEAT].map(
        wire,
      ),
    );
    await until(() => liveView.market.get('MATIC/USD')?.trades === 2);
    await pause(100);
    await recorder.stop();
    expect(live.health()).toMatchObject({ gaps: 0, malformed: 0 });
    expect(liveView.market.get('ALGO/USD')).toMatchObject({ bid: 0.10025, ask: 0.10035 });

    // The header says whose messages these are.
    const recording = await openRecording(dir);
    expect(recording.feed).toBe('kraken:ALGO/USD,MATIC/USD');
    const recorded: string[] = [];
    for await (const e of recording.entries()) if (e.kind === 'message') recorded.push(e.raw);
    expect(recorded).toHaveLength(9);
    expect(recorded.filter((raw) => raw.startsWith('{"op"'))).toEqual([]);
    // A replay without the adapters (the simulator's CLI) refuses it with a reason.
    await expect(startReplayServer({ dir, port: 0 })).rejects.toThrow(
      /kraken:ALGO\/USD,MATIC\/USD feed holds the exchange's own messages/,
    );

    const host = await createAppHost({ settingsPath: null, recordingsDir: root, replay: dir });
    closers.push(() => host.close());
    const replayView = watch(host);
    expect(await host.invoke('replay:control', [{ action: 'speed', speed: 0 }])).toMatchObject({
      ok: true,
    });
    await until(() => {
      const replay = replayView.last()?.health.replay;
      return (
        replay !== null && replay !== undefined && !replay.playing && replay.position === replay.end
      );
    });
    await pause(100);
    expect(replayView.market.size).toBe(2);
    expect(replayView.market).toEqual(liveView.market);
    // Display decimals learnt from the price text come back too (5 for ALGO, 4 for MATIC).
    expect(lastInstruments(replayView.batches)).toEqual(lastInstruments(liveView.batches));
    const health = replayView.last()!.health;
    expect(health.source).toEqual({ kind: 'replay', label: 'rec' });
    expect(health).toMatchObject({ malformed: 0, gaps: 0, lastError: null });
  });
});
