import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../protocol/feed';
import { FeedClient } from '../feed-client';
import type { FeedConnection } from '../feed-protocol';
import { FeedState } from '../feed-state';
import { createExchangeProtocol, exchangeProtocol } from './exchange-protocol';
import { BINANCE_MAX_CONNECTION_AGE_MS } from './binance';
import {
  BINANCE_COMBINED_TRADE,
  BINANCE_SHUTDOWN_COMBINED,
} from '../../../test-support/binance-payloads';
import {
  KRAKEN_TICKER_SNAPSHOT,
  KRAKEN_TICKER_UPDATE,
  KRAKEN_TRADE_SNAPSHOT,
  KRAKEN_TRADE_UPDATE,
} from '../../../test-support/kraken-payloads';
import { POLYMARKET_NFL } from '../../../test-support/polymarket-payloads';
import { MockExchange } from '../../../test-support/mock-exchange';

function decode(session: FeedConnection, text: string): ServerMessage[] {
  const r = session.decode(text);
  if (!r.ok) throw new Error(r.error);
  return [...r.messages];
}

/** A receive time after the documented Kraken payloads' (2023-09-25). */
const NOW = Date.parse('2023-09-25T09:05:00Z');

describe('exchangeProtocol (the engine seam)', () => {
  it('refuses bad symbols and endpoints with a readable message', () => {
    expect(() =>
      exchangeProtocol({ kind: 'exchange', exchange: 'kraken', symbols: ['XBT/USD'] }, null),
    ).toThrow('BTC, not XBT');
    expect(() =>
      exchangeProtocol(
        { kind: 'exchange', exchange: 'coinbase', symbols: ['BTC-USD'] },
        'http://x',
      ),
    ).toThrow('ws://');
  });

  it('connects to the default endpoint or to --feed-endpoint, labelled for the health bar', () => {
    const target = {
      kind: 'exchange',
      exchange: 'kraken',
      symbols: ['BTC/USD', 'ETH/USD'],
    } as const;
    expect(exchangeProtocol(target, null).url).toBe('wss://ws.kraken.com/v2');
    const local = exchangeProtocol(target, 'ws://127.0.0.1:4567');
    expect(local.url).toBe('ws://127.0.0.1:4567');
    expect(local.source).toEqual({ kind: 'exchange', label: 'kraken:BTC/USD,ETH/USD' });
  });

  it('announces instruments in a synthetic hello, then snapshots, ticks and heartbeats', () => {
    const protocol = createExchangeProtocol(
      { kind: 'exchange', exchange: 'kraken', symbols: ['ALGO/USD'] },
      null,
      () => NOW,
    );
    const session = protocol.createConnection();
    expect(session.keepalive?.intervalMs).toBe(30_000);
    const first = decode(session, KRAKEN_TICKER_SNAPSHOT);
    expect(first.map((m) => m.op)).toEqual(['hello', 'snapshot']);
    expect(first[0]).toMatchObject({
      op: 'hello',
      heartbeatMs: 2_000,
      instruments: [{ id: 'ALGO/USD', kind: 'market', decimals: 5 }],
    });
    const next = decode(session, KRAKEN_TICKER_UPDATE);
    expect(next).toEqual([
      { op: 'ticks', ticks: [expect.objectContaining({ instrument: 'ALGO/USD', seq: 1 })] },
    ]);
    expect(decode(session, '{"channel":"heartbeat"}')).toEqual([{ op: 'heartbeat', ts: NOW }]);
  });

  it('reports malformed frames as rejected and exchange errors as failed statuses', () => {
    const session = exchangeProtocol(
      { kind: 'exchange', exchange: 'coinbase', symbols: ['BTC-USD'] },
      null,
    ).createConnection();
    expect(session.decode('{"type":"ticker","product_id":"BTC-USD","sequence":-1}')).toEqual({
      ok: false,
      error: 'ticker.sequence: expected a whole number, got the number -1',
    });
    const messages = decode(
      session,
      '{"type":"error","message":"Failed to subscribe","reason":"BTC-USD is delisted"}',
    );
    expect(messages.at(-1)).toEqual({
      op: 'status',
      id: null,
      ok: false,
      error: {
        code: 'UNKNOWN_INSTRUMENT',
        message: 'coinbase: Failed to subscribe: BTC-USD is delisted',
      },
    });
  });

  it('carries Polymarket pongs as replies and Binance serverShutdown as a reconnect', () => {
    const sports = exchangeProtocol(
      { kind: 'exchange', exchange: 'polymarket-sports', symbols: [] },
      null,
    ).createConnection();
    expect(sports.decode('ping')).toMatchObject({ ok: true, reply: ['pong'] });
    const hello = decode(sports, POLYMARKET_NFL).find((m) => m.op === 'hello');
    expect(hello).toMatchObject({ instruments: [{ id: 'pm-19439', kind: 'sports' }] });
    const binance = exchangeProtocol(
      { kind: 'exchange', exchange: 'binance', symbols: ['bnbbtc'] },
      null,
    ).createConnection();
    expect(binance.decode(BINANCE_SHUTDOWN_COMBINED)).toMatchObject({
      ok: true,
      reconnect: 'binance: serverShutdown',
    });
  });
});

describe('exchange session connection age', () => {
  it('asks for a fresh connection once a Binance connection nears the 24 h limit', () => {
    let clock = 0;
    const protocol = createExchangeProtocol(
      { kind: 'exchange', exchange: 'binance', symbols: ['bnbbtc'] },
      null,
      () => clock,
    );
    const session = protocol.createConnection();
    session.open(new Map(), 1);
    clock = BINANCE_MAX_CONNECTION_AGE_MS - 1;
    expect(session.decode(BINANCE_COMBINED_TRADE)).not.toHaveProperty('reconnect');
    clock = BINANCE_MAX_CONNECTION_AGE_MS;
    expect(session.decode(BINANCE_COMBINED_TRADE)).toMatchObject({
      ok: true,
      reconnect: "binance: renewing the connection before the exchange's age limit",
    });
  });
});

describe('exchange feed through the FeedClient into the FeedState', () => {
  let exchange: MockExchange | undefined;
  let client: FeedClient | undefined;
  afterEach(async () => {
    client?.close();
    await exchange?.close();
  });

  it('folds Kraken frames into market state and recovers a trade gap with a resubscribe', async () => {
    exchange = await MockExchange.start();
    const state = new FeedState();
    const gaps: string[] = [];
    const protocol = exchangeProtocol(
      { kind: 'exchange', exchange: 'kraken', symbols: ['ALGO/USD', 'MATIC/USD'] },
      exchange.url,
    );
    // The engine's fold loop, as engine.ts does it: hello, snapshots, ticks; gaps -> resync.
    const fold = (messages: readonly ServerMessage[]) => {
      for (const m of messages) {
        if (m.op === 'hello') state.setInstruments(m.instruments);
        else if (m.op === 'snapshot') state.applySnapshot(m);
        else if (m.op === 'ticks') {
          const gapped: string[] = [];
          state.applyTicks(m.ticks, (id) => gapped.push(id));
          if (gapped.length > 0) {
            gaps.push(...gapped);
            client!.resync(gapped);
          }
        }
      }
    };
    client = new FeedClient(
      protocol,
      {
        state: () => {},
        frame: () => {},
        messages: fold,
        // The engine's handling of a break the dialect reports itself: hold, then resync.
        lost: (lost) => {
          const fresh = lost.map((l) => l.instrument).filter((id) => state.sequence.invalidate(id));
          gaps.push(...fresh);
          if (fresh.length > 0) client!.resync(fresh);
        },
        malformed: (e) => {
          throw new Error(e);
        },
        problem: (e) => {
          throw new Error(e);
        },
        connected: () => {},
        disconnected: () => {},
      },
      { resumePoints: () => state.sequence.resumePoints() },
    );
    client.start();
    const socket = await exchange.client();
    await exchange.until(() => socket.received.length >= 4);
    exchange.play(
      socket,
      KRAKEN_TICKER_SNAPSHOT,
      KRAKEN_TICKER_UPDATE,
      KRAKEN_TRADE_SNAPSHOT,
      KRAKEN_TRADE_UPDATE,
    );
    await exchange.until(() => gaps.length === 1);
    expect(state.instruments.map((i) => i.id)).toEqual(['ALGO/USD', 'MATIC/USD']);
    expect(state.markets.get('ALGO/USD')!.row('ALGO/USD')).toMatchObject({
      bid: 0.10025,
      ask: 0.10035,
      high: 0.10285,
    });
    // Two trades folded; the third came after a trade_id gap and waits for a snapshot.
    expect(state.markets.get('MATIC/USD')!.trades).toBe(2);
    expect(state.sequence.pending.has('MATIC/USD')).toBe(true);
    // The resync resubscribed MATIC/USD's book and ticker; the ticker snapshot resumes it.
    await exchange.until(() => socket.received.length >= 8);
    expect(JSON.parse(socket.received[7]!.text)).toMatchObject({
      method: 'subscribe',
      params: { channel: 'ticker', symbol: ['MATIC/USD'] },
    });
    exchange.play(socket, KRAKEN_TICKER_SNAPSHOT.replace('ALGO/USD', 'MATIC/USD'));
    await exchange.until(() => !state.sequence.pending.has('MATIC/USD'));
    expect(state.markets.get('MATIC/USD')!.row('MATIC/USD')).toMatchObject({
      bid: 0.10025,
      volume: 997038.98383185,
    });
  });
});
