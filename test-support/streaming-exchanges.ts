/**
 * Mock Kraken (WebSocket v2) and Coinbase Exchange feeds that stream on their own, in the
 * documented message shapes, for end-to-end specs that need live-looking venues side by side
 * (prices on a random walk around one level, so a cross-venue spread stays small). Loopback,
 * port 0; `stop()` closes every socket and the server.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A running mock: its ws:// endpoint, and a way to end it. */
export interface StreamingExchange {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** One ticker and one trade per symbol this often, ms: light, the machine is shared. */
const STREAM_INTERVAL_MS = 100;
/** With a rate asked for, the stream is sent in bursts this often, ms. */
const PUMP_MS = 10;
/** Most ticks one burst sends after a stall, so a stalled mock never floods. */
const MAX_TICKS_PER_PUMP = 1_000;

/**
 * Runs `tick` (which sends `messagesPerTick` messages) every {@link STREAM_INTERVAL_MS}, or
 * often enough for `messagesPerSecond` when given (benches: an exchange at the rate).
 */
function stream(tick: () => void, messagesPerTick: number, messagesPerSecond?: number) {
  if (messagesPerSecond === undefined) return setInterval(tick, STREAM_INTERVAL_MS);
  const start = performance.now();
  let sent = 0;
  return setInterval(() => {
    const due = Math.floor(
      ((performance.now() - start) * messagesPerSecond) / 1_000 / messagesPerTick,
    );
    for (let n = Math.min(due - sent, MAX_TICKS_PER_PUMP); n > 0; n--) tick();
    sent = due; // what a stall left beyond one burst is skipped, not owed
  }, PUMP_MS);
}

async function serve(port: number, onSocket: (socket: WebSocket) => void) {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  server.on('connection', onSocket);
  await new Promise((resolve) => server.once('listening', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    endpoint: `ws://127.0.0.1:${bound}`,
    port: bound,
    stop: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const walk = (price: number, step: number) =>
  Math.max(step, price + step * Math.round((Math.random() - 0.5) * 10));

/** Kraken v2 for `symbol` at about `price`: status, acks, instrument and ticker snapshots, a stream. */
export function startStreamingKraken(
  symbol: string,
  price: number,
  port = 0,
  messagesPerSecond?: number,
): Promise<StreamingExchange> {
  const pair = { symbol, price, price_precision: 1, qty_precision: 8 };
  return serve(port, (socket) => {
    let last = price;
    let tradeId = 1000;
    let timer: NodeJS.Timeout | undefined;
    const ticker = (type: 'snapshot' | 'update', now: string) =>
      socket.send(
        `{"channel":"ticker","type":"${type}","data":[{"symbol":"${symbol}","bid":${(last - 0.1).toFixed(1)},"bid_qty":1.5,"ask":${(last + 0.1).toFixed(1)},"ask_qty":2.25,"last":${last.toFixed(1)},"volume":1234.5,"vwap":${last.toFixed(1)},"low":${(price * 0.9).toFixed(1)},"high":${(price * 1.1).toFixed(1)},"change":0.0,"change_pct":0.0,"timestamp":"${now}"}]}`,
      );
    const tick = () => {
      const now = new Date().toISOString();
      last = walk(last, 0.1);
      ticker('update', now);
      socket.send(
        `{"channel":"trade","type":"update","data":[{"symbol":"${symbol}","side":"buy","price":${last.toFixed(1)},"qty":0.125,"ord_type":"market","trade_id":${++tradeId},"timestamp":"${now}"}]}`,
      );
    };
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as {
        method: string;
        params?: { channel: string };
      };
      if (request.method !== 'subscribe' || !request.params) return;
      const { channel } = request.params;
      if (channel === 'instrument')
        socket.send(
          JSON.stringify({
            channel: 'instrument',
            type: 'snapshot',
            data: { assets: [], pairs: [pair] },
          }),
        );
      else if (channel === 'ticker') {
        ticker('snapshot', new Date().toISOString());
        timer ??= stream(tick, 2, messagesPerSecond);
      }
    });
    socket.on('close', () => clearInterval(timer));
    socket.send(
      JSON.stringify({
        channel: 'status',
        type: 'update',
        data: [{ api_version: 'v2', system: 'online', version: '2.0.0' }],
      }),
    );
  });
}

/** Coinbase Exchange for `product` at about `price`: subscriptions, then tickers, matches, heartbeats. */
export function startStreamingCoinbase(
  product: string,
  price: number,
  port = 0,
  messagesPerSecond?: number,
): Promise<StreamingExchange> {
  return serve(port, (socket) => {
    let last = price;
    let sequence = 1;
    let tradeId = 1;
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      const time = new Date().toISOString();
      last = walk(last, 0.01);
      const p = last.toFixed(2);
      socket.send(
        JSON.stringify({
          type: 'ticker',
          sequence: ++sequence,
          product_id: product,
          price: p,
          open_24h: price.toFixed(2),
          volume_24h: '1000.5',
          low_24h: (price * 0.9).toFixed(2),
          high_24h: (price * 1.1).toFixed(2),
          volume_30d: '30000.1',
          best_bid: (last - 0.01).toFixed(2),
          best_bid_size: '0.5',
          best_ask: (last + 0.01).toFixed(2),
          best_ask_size: '0.7',
          side: 'buy',
          time,
          trade_id: ++tradeId,
          last_size: '0.01',
        }),
      );
      socket.send(
        JSON.stringify({
          type: 'match',
          trade_id: tradeId,
          sequence: ++sequence,
          maker_order_id: 'm',
          taker_order_id: 't',
          time,
          product_id: product,
          size: '0.01',
          price: p,
          side: 'sell',
        }),
      );
      socket.send(
        JSON.stringify({
          type: 'heartbeat',
          sequence: ++sequence,
          last_trade_id: tradeId,
          product_id: product,
          time,
        }),
      );
    };
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { type?: string };
      if (request.type !== 'subscribe') return;
      socket.send(
        JSON.stringify({
          type: 'subscriptions',
          channels: ['heartbeat', 'ticker', 'matches'].map((name) => ({
            name,
            product_ids: [product],
          })),
        }),
      );
      timer ??= stream(tick, 3, messagesPerSecond);
    });
    socket.on('close', () => clearInterval(timer));
  });
}
