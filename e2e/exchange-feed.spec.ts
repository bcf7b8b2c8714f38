/**
 * An exchange feed end to end: a local mock of Kraken WebSocket v2 (documented message shapes,
 * prices on a random walk), `node out/main/web.js --feed kraken:BTC/USD,ETH/USD --feed-endpoint
 * ws://127.0.0.1:<port>` (built by `npm run test:e2e`), and headless Chromium on the printed
 * URL: the dashboard lists the pairs with Kraken's precision and draws their charts.
 */
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { KRAKEN_CHECKSUM_GUIDE } from '../test-support/kraken-book-payloads';
import { paintedPixels } from './support/chromium';
import { openDashboard, type DashboardPage } from './support/dashboard-page';

/** One ticker and one trade per pair this often: light, the machine is shared. */
const STREAM_INTERVAL_MS = 100;

/** Pairs as Kraken's instrument channel describes them. */
const PAIRS = [
  { symbol: 'BTC/USD', price: 45283.5, price_precision: 1, qty_precision: 8 },
  { symbol: 'ETH/USD', price: 2415.27, price_precision: 2, qty_precision: 8 },
];

let mock: WebSocketServer | undefined;
let dashboard: DashboardPage | undefined;
let page: Page;
const subscriptions: string[] = [];

/** Kraken v2, as far as the adapter needs it: acks, snapshots, then a steady stream. */
function startMockKraken(): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket: WebSocket) => {
    const tradeIds = PAIRS.map(() => 1000);
    const prices = PAIRS.map((p) => p.price);
    const send = (message: unknown) => socket.send(JSON.stringify(message));
    // JSON numbers written with the pair's precision, as Kraken writes them.
    const num = (value: number, places: number) => value.toFixed(places);
    const ticker = (type: 'snapshot' | 'update', i: number, now: string) => {
      const p = PAIRS[i]!;
      const step = 10 ** -p.price_precision;
      const last = prices[i]!;
      const pp = p.price_precision;
      socket.send(
        `{"channel":"ticker","type":"${type}","data":[{"symbol":"${p.symbol}","bid":${num(last - step, pp)},"bid_qty":1.5,"ask":${num(last + step, pp)},"ask_qty":2.25,"last":${num(last, pp)},"volume":1234.5,"vwap":${num(last, pp)},"low":${num(p.price * 0.9, pp)},"high":${num(p.price * 1.1, pp)},"change":0.0,"change_pct":0.0,"timestamp":"${now}"}]}`,
      );
    };
    const tick = () => {
      const now = new Date().toISOString();
      PAIRS.forEach((p, i) => {
        const step = 10 ** -p.price_precision;
        prices[i] = Math.max(step, prices[i]! + step * Math.round((Math.random() - 0.5) * 20));
        ticker('update', i, now);
        // trade_id rises by 1 per pair, as Kraken documents; a jump would be a gap.
        socket.send(
          `{"channel":"trade","type":"update","data":[{"symbol":"${p.symbol}","side":"${Math.random() < 0.5 ? 'buy' : 'sell'}","price":${num(prices[i]!, p.price_precision)},"qty":0.125,"ord_type":"market","trade_id":${++tradeIds[i]!},"timestamp":"${now}"}]}`,
        );
      });
    };
    let timer: NodeJS.Timeout | undefined;
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as {
        method: string;
        params?: { channel: string; symbol?: string[] };
      };
      if (request.method !== 'subscribe' || !request.params) return;
      const { channel, symbol = [] } = request.params;
      subscriptions.push(channel);
      if (channel === 'instrument') {
        send({ channel: 'instrument', type: 'snapshot', data: { assets: [], pairs: PAIRS } });
      } else if (channel === 'book') {
        socket.send(KRAKEN_CHECKSUM_GUIDE); // BTC/USD, checksum verified by the adapter
      } else if (channel === 'ticker') {
        // A ticker subscription (also the adapter's resync) starts with a snapshot.
        const now = new Date().toISOString();
        PAIRS.forEach((p, i) => symbol.includes(p.symbol) && ticker('snapshot', i, now));
        timer ??= setInterval(tick, STREAM_INTERVAL_MS);
      }
    });
    socket.on('close', () => clearInterval(timer));
    send({
      channel: 'status',
      type: 'update',
      data: [{ api_version: 'v2', system: 'online', version: '2.0.0' }],
    });
  });
  return new Promise((resolve) => server.once('listening', () => resolve(server)));
}

beforeAll(async () => {
  mock = await startMockKraken();
  const endpoint = `ws://127.0.0.1:${(mock.address() as AddressInfo).port}`;
  dashboard = await openDashboard('exchange', [
    '--feed',
    'kraken:BTC/USD,ETH/USD',
    '--feed-endpoint',
    endpoint,
  ]);
  page = dashboard.page;
});

afterAll(async () => {
  await dashboard?.close('exchange-feed.png');
  for (const client of mock?.clients ?? []) client.terminate();
  await new Promise<void>((resolve) => (mock ? mock.close(() => resolve()) : resolve()));
});

describe('Kraken feed through --feed-endpoint in browser mode', () => {
  it('goes live after subscribing to instrument, ticker, trade and book', async () => {
    await expect
      .poll(() => page.getByTestId('connection-status').getAttribute('data-state'), {
        timeout: 20_000,
      })
      .toBe('live');
    expect([...new Set(subscriptions)].sort()).toEqual(['book', 'instrument', 'ticker', 'trade']);
  });

  it("lists both pairs with moving prices shown at Kraken's precision", async () => {
    const btc = page.getByTestId('watchlist-row-BTC/USD');
    const eth = page.getByTestId('watchlist-row-ETH/USD');
    await expect.poll(() => btc.innerText(), { timeout: 10_000 }).toMatch(/\b\d{5}\.\d\b/);
    await expect.poll(() => eth.innerText(), { timeout: 10_000 }).toMatch(/\b\d{4}\.\d\d\b/);
    // ETH/USD has precision 2: no price is shown with float noise or extra digits.
    expect(await eth.innerText()).not.toMatch(/\d\.\d{3,}/);
    const before = await btc.innerText();
    await expect.poll(() => btc.innerText(), { timeout: 10_000 }).not.toBe(before);
  });

  it('draws the price and candle charts', async () => {
    await expect
      .poll(() => paintedPixels(page, 'price-chart'), { timeout: 10_000 })
      .toBeGreaterThan(500);
    await expect
      .poll(() => paintedPixels(page, 'candle-chart'), { timeout: 10_000 })
      .toBeGreaterThan(500);
  });
});
