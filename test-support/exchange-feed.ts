/**
 * Test support for the adapters: the real path a user's feed takes — the feed engine with
 * {@link exchangeProtocol}'s dialect, its FeedClient (rate limits, keepalive, stalls, age
 * renewal, resync) — pointed at a {@link MockExchange}. Every frame result the engine folds
 * is kept, so tests can read the exact ticks as well as the dashboard state and health.
 */
import type { DepthDelta } from '../protocol/batch';
import type { Health } from '../protocol/health';
import { MAX_DEPTH_VIEW_LEVELS } from '../protocol/batch';
import type { Instrument, SnapshotMessage, StatusMessage, Tick } from '../protocol/feed';
import type { Exchange } from '../protocol/feed-target';
import type { BackoffOptions } from '../main/feed/backoff';
import type { FeedEngine } from '../main/feed/engine-api';
import { createFeedEngine } from '../main/feed/engine';
import type { FeedProtocol, FrameResult } from '../main/feed/feed-protocol';
import type { View } from './batch-view';
import { watch } from './batch-view';
import type { RuleOverrides } from '../main/feed/adapters/exchange-protocol';
import { createExchangeProtocol } from '../main/feed/adapters/exchange-protocol';
import { MockExchange } from './mock-exchange';

export interface HarnessOptions {
  /** Shortened feed rules (a 100 ms heartbeat makes a stall show in 300 ms). */
  readonly rules?: RuleOverrides;
  readonly backoff?: BackoffOptions;
  readonly resyncTimeoutMs?: number;
}

/** An engine on an exchange feed, and what it received. */
export interface FeedTap {
  readonly engine: FeedEngine;
  readonly view: View;
  /** What the exchange session made of every frame, in order. */
  readonly results: FrameResult[];
  ticks(): Tick[];
  snapshots(): SnapshotMessage[];
  /** The instruments last announced to the engine. */
  instruments(): readonly Instrument[];
  /** Every problem reported, in order: frames refused as malformed and failed statuses. */
  errors(): string[];
  /** Failed statuses of one frame result. */
  statuses(result: FrameResult): StatusMessage[];
  /** Health as the next batch carries it. */
  health(): Health;
  /** Reasons of the reconnects the dashboard showed, in order. */
  reconnectReasons(): string[];
  /**
   * A page that selected `instrument`, 50 levels a side: the latest depth its batches carried
   * (the ladder it shows), undefined before the first.
   */
  watchDepth(instrument: string): () => DepthDelta | undefined;
  close(): Promise<void>;
}

/** Harness: a {@link FeedTap} connected to a mock exchange. */
export interface Harness extends FeedTap {
  readonly exchange: MockExchange;
  /** Waits until `test` holds over what was received so far. */
  until<T>(test: () => T | undefined | false, timeoutMs?: number): Promise<T>;
}

const messagesOf = (r: FrameResult) => (r.ok ? r.messages : []);

/** Feed target text, as `--feed` takes it. */
export function feedTarget(exchange: Exchange, symbols: readonly string[]): string {
  return symbols.length > 0 ? `${exchange}:${symbols.join(',')}` : exchange;
}

/** Starts an engine on `feed` (`endpoint` null = the exchange's real address). */
export async function tapFeed(
  feed: string,
  endpoint: string | null,
  options: HarnessOptions = {},
): Promise<FeedTap> {
  const results: FrameResult[] = [];
  const reasons: string[] = [];
  const engine = createFeedEngine({
    feed: null,
    feedEndpoint: endpoint,
    batchHz: 60,
    // A visible wait before each retry, so the dashboard (and the test) sees why it reconnected.
    backoff: options.backoff ?? { baseMs: 120, capMs: 120, random: () => 0.5 },
    resyncTimeoutMs: options.resyncTimeoutMs,
    exchanges: (target, url): FeedProtocol => {
      const protocol = createExchangeProtocol(target, url, Date.now, options.rules);
      return {
        ...protocol,
        createConnection() {
          const session = protocol.createConnection();
          return {
            ...session,
            decode(text, receivedAt) {
              const result = session.decode(text, receivedAt);
              results.push(result);
              return result;
            },
          };
        },
      };
    },
  });
  const view = watch(engine);
  const states = engine.attach((batch) => {
    const c = batch.health.connection;
    if (c.state === 'reconnecting' && reasons.at(-1) !== c.reason) reasons.push(c.reason);
    if (c.state === 'live' && reasons.at(-1) !== '') reasons.push(''); // a later one is new
    states.ack(batch.seq);
  });
  await engine.connect(feed);
  const statuses = (r: FrameResult) =>
    messagesOf(r).filter((m): m is StatusMessage => m.op === 'status' && !m.ok);
  return {
    engine,
    view,
    results,
    ticks: () =>
      results.flatMap((r) => messagesOf(r).flatMap((m) => (m.op === 'ticks' ? m.ticks : []))),
    snapshots: () =>
      results.flatMap((r) =>
        messagesOf(r).filter((m): m is SnapshotMessage => m.op === 'snapshot'),
      ),
    instruments: () =>
      results
        .flatMap((r) => messagesOf(r).flatMap((m) => (m.op === 'hello' ? [m.instruments] : [])))
        .at(-1) ?? [],
    errors: () =>
      results.flatMap((r) =>
        r.ok ? statuses(r).map((s) => (s.ok ? '' : s.error.message)) : [r.error],
      ),
    statuses,
    health: () => engine.health(),
    reconnectReasons: () => reasons.filter((r) => r !== ''),
    watchDepth(instrument) {
      let latest: DepthDelta | undefined;
      const page = engine.attach((batch) => {
        if (batch.depth) latest = batch.depth;
        page.ack(batch.seq);
      });
      page.declareInterest({
        rows: [],
        charted: [],
        selected: instrument,
        depthLevels: MAX_DEPTH_VIEW_LEVELS,
      });
      return () => latest;
    },
    close: () => engine.close(),
  };
}

export async function harness(
  exchangeName: Exchange,
  symbols: readonly string[],
  options: HarnessOptions = {},
): Promise<Harness> {
  const exchange = await MockExchange.start();
  const tap = await tapFeed(feedTarget(exchangeName, symbols), exchange.url, options);
  return {
    ...tap,
    exchange,
    until: (test, timeoutMs) => exchange.until(test, timeoutMs),
    async close() {
      await tap.close();
      await exchange.close();
    },
  };
}
