import { afterEach, describe, expect, it } from 'vitest';
import type { QuoteTick, TradeTick } from '../../../protocol/feed';
import { BINANCE_MAX_CONNECTION_AGE_MS, BINANCE_RULES, createBinanceTranslator } from './binance';
import {
  BINANCE_BOOK_TICKER,
  BINANCE_COMBINED_TRADE,
  BINANCE_ERROR,
  BINANCE_KLINE,
  BINANCE_PARTIAL_DEPTH,
  BINANCE_SHUTDOWN_COMBINED,
  BINANCE_TRADE,
} from '../../../test-support/binance-payloads';
import { BINANCE_STREAMS_PER_SYMBOL, checkBinanceSymbols } from './symbols';
import type { Harness } from '../../../test-support/exchange-feed';
import { harness } from '../../../test-support/exchange-feed';
import { createAdapterContext } from './translator';
import { SILENT_SYMBOL_MS } from './silent-symbols';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const wrap = (stream: string, data: string) => `{"stream":"${stream}","data":${data}}`;

describe('Binance combined-stream adapter over a socket, through the engine', () => {
  it('subscribes through the URL (lowercase stream names) and sends nothing', async () => {
    h = await harness('binance', ['BNBBTC', 'bnbusdt']);
    const client = await h.exchange.client();
    expect(client.path).toBe(
      '/stream?streams=bnbbtc@trade/bnbbtc@bookTicker/bnbbtc@kline_1m/bnbbtc@depth20@100ms/bnbusdt@trade/bnbusdt@bookTicker/bnbusdt@kline_1m/bnbusdt@depth20@100ms',
    );
    h.exchange.play(client, BINANCE_COMBINED_TRADE);
    await h.until(() => h!.ticks().length === 1);
    expect(client.received).toEqual([]);
  });

  it('maps trades (m = buyer is maker = aggressor sold), quotes at receive time and klines', async () => {
    h = await harness('binance', ['bnbbtc', 'bnbusdt']);
    const client = await h.exchange.client();
    const before = Date.now();
    h.exchange.play(
      client,
      BINANCE_COMBINED_TRADE,
      wrap('bnbusdt@bookTicker', BINANCE_BOOK_TICKER),
      wrap('bnbbtc@kline_1m', BINANCE_KLINE),
    );
    await h.until(() => h!.results.length === 3);
    const [trade, quote] = h.ticks() as [TradeTick, QuoteTick];
    expect(trade).toEqual({
      kind: 'trade',
      instrument: 'BNBBTC',
      seq: 1,
      ts: 1672515782136,
      price: 0.001,
      size: 100,
      side: 'sell',
    });
    expect(quote).toMatchObject({
      kind: 'quote',
      instrument: 'BNBUSDT',
      seq: 1,
      bid: 25.3519,
      ask: 25.3652,
      bidSize: 31.21,
      askSize: 40.66,
    });
    // bookTicker has no event time: receive time stands in.
    expect(quote.ts).toBeGreaterThanOrEqual(before);
    expect(quote.ts).toBeLessThanOrEqual(Date.now());
    // The kline proves the stream alive (and reveals finer decimals: a new hello).
    expect(h.results[2]!.ok && h.results[2]!.messages.map((m) => m.op)).toEqual([
      'hello',
      'heartbeat',
    ]);
    // Decimals from the text: "0.0025" in the kline (4), trailing zeros of "25.35190000" ignored.
    const decimals = Object.fromEntries(
      h.instruments().map((i) => [i.id, i.kind === 'market' && i.decimals]),
    );
    expect(decimals).toEqual({ BNBBTC: 4, BNBUSDT: 4 });
    // The dashboard shows the trade and the quote.
    await h.until(() => h!.view.market.get('BNBUSDT')?.bid === 25.3519);
    expect(h.view.market.get('BNBBTC')).toMatchObject({ last: 0.001 });
  });

  it('counts a symbol mismatch, a changed field type and an unknown stream, naming the field', async () => {
    h = await harness('binance', ['bnbbtc']);
    const client = await h.exchange.client();
    h.exchange.play(
      client,
      wrap('bnbbtc@trade', BINANCE_TRADE.replace('"BNBBTC"', '"ETHBTC"')),
      wrap('bnbbtc@trade', BINANCE_TRADE.replace('"p": "0.001"', '"p": 0.001')),
      wrap('bnbbtc@trade', BINANCE_TRADE.replace('"m": true', '"m": "yes"')),
      wrap('ethbtc@trade', BINANCE_TRADE),
      BINANCE_TRADE, // a raw payload without the combined envelope
      BINANCE_COMBINED_TRADE,
    );
    await h.until(() => h!.results.length === 6);
    expect(h.errors()).toEqual([
      'data.s: expected "BNBBTC", got the string "ETHBTC"',
      'data.p: expected a decimal string, got the number 0.001',
      'data.m: expected true or false, got the string "yes"',
      'frame.stream: expected one of our streams (bnbbtc), got the string "ethbtc@trade"',
      'frame.stream: expected a string, got nothing (field missing)',
    ]);
    expect(h.ticks()).toHaveLength(1);
    await h.until(() => h!.health().malformed === 5);
  });

  it('stamps a trade timed a decade ahead or in 1970 with its arrival, so the chart stays in time order', async () => {
    h = await harness('binance', ['btcusdt']);
    const client = await h.exchange.client();
    const trade = (id: number, at: number, price: string) =>
      wrap(
        'btcusdt@trade',
        JSON.stringify({
          e: 'trade',
          E: at,
          s: 'BTCUSDT',
          t: id,
          p: price,
          q: '1',
          T: at,
          m: true,
        }),
      );
    const start = Date.now();
    const DECADE_MS = 10 * 365 * 86_400_000;
    h.exchange.play(client, trade(1, start, '100'), trade(2, start + DECADE_MS, '101'));
    for (let id = 3; id <= 6; id++) {
      await new Promise((r) => setTimeout(r, 60));
      h.exchange.play(client, trade(id, id === 4 ? 0 : Date.now(), String(98 + id)));
    }
    await h.until(() => h!.ticks().length === 6);
    const end = Date.now();
    // Both kept, at their arrival, and each named in the health bar.
    const times = h.ticks().map((t) => t.ts);
    expect(times.every((t) => t >= start && t <= end)).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(h.errors()).toEqual([
      expect.stringMatching(
        /^data\.T: .* is more than 60 s after the frame arrived \(.*\); stamped with its arrival time$/,
      ),
      'data.T: 1970-01-01T00:00:00.000Z is before 2000-01-01T00:00:00.000Z; stamped with its arrival time',
    ]);
    await h.until(() => h!.view.market.get('BTCUSDT')?.last === 104);
    // The chart's series ends now, in order: a point in 2036 held it there for the session.
    const series = h.engine.priceHistory({ id: 'BTCUSDT', from: 0, to: 8.64e15, maxPoints: 100 });
    expect(series.t).toEqual([...series.t].sort((a, b) => a - b));
    expect(Math.max(...series.t)).toBeLessThanOrEqual(end);
    expect(h.view.market.get('BTCUSDT')!.ts).toBeLessThanOrEqual(end);
  });

  it('drops a trade whose id is not above the last one read, so its volume counts once', async () => {
    h = await harness('binance', ['bnbbtc']);
    const client = await h.exchange.client();
    const trade = (id: number) => BINANCE_COMBINED_TRADE.replace('"t":12345', `"t":${id}`);
    h.exchange.play(client, trade(5), trade(5), trade(4), trade(6));
    await h.until(() => h!.results.length === 4);
    expect(h.ticks().map((t) => t.seq)).toEqual([1, 2]);
    await h.until(() => h!.view.market.get('BNBBTC')?.trades === 2);
    expect(h.view.market.get('BNBBTC')).toMatchObject({ volume: 200 });
    expect(h.errors()).toEqual([]);
  });

  it('refuses a trade of negative size or of a price past a double, naming the field', async () => {
    h = await harness('binance', ['bnbbtc']);
    const client = await h.exchange.client();
    const trade = (id: number, price: string, size: string) =>
      BINANCE_COMBINED_TRADE.replace('"t":12345', `"t":${id}`)
        .replace('"p":"0.001"', `"p":"${price}"`)
        .replace('"q":"100"', `"q":"${size}"`);
    h.exchange.play(client, trade(1, '0.001', '100'), trade(2, '0.001', '-100'));
    h.exchange.play(client, trade(3, '9'.repeat(400), '1'), trade(4, '0.002', '1'));
    await h.until(() => h!.results.length === 4);
    expect(h.errors()).toEqual([
      'data.q: expected a finite decimal >= 0, got the string "-100"',
      `data.p: expected a finite decimal >= 0, got the string "${'9'.repeat(40)}"`,
    ]);
    // The volume is the two good trades': a size of -100 took it back to 0.
    await h.until(() => h!.view.market.get('BNBBTC')?.trades === 2);
    expect(h.view.market.get('BNBBTC')).toMatchObject({ volume: 101, last: 0.002 });
  });

  it('shows each partial depth message as the whole book, best first, and drops an older one', async () => {
    h = await harness('binance', ['bnbbtc']);
    const depth = h.watchDepth('BNBBTC');
    const client = await h.exchange.client();
    const book = (lastUpdateId: number, bids: string[][], asks: string[][]) =>
      wrap('bnbbtc@depth20@100ms', JSON.stringify({ lastUpdateId, bids, asks }));
    h.exchange.play(client, wrap('bnbbtc@depth20@100ms', BINANCE_PARTIAL_DEPTH));
    await h.until(() => depth()?.book?.bids.length === 1);
    expect(depth()).toMatchObject({
      id: 'BNBBTC',
      resyncing: false,
      book: { bids: [[0.0024, 10]], asks: [[0.0026, 100]] },
    });
    h.exchange.play(
      client,
      book(
        170,
        [
          ['0.0025', '4'],
          ['0.0024', '8'],
        ],
        [['0.0026', '90']],
      ),
      // Older than the message before: out of order, dropped whole.
      book(165, [['0.0001', '1']], [['0.0009', '1']]),
    );
    await h.until(() => h!.results.length === 3);
    await h.until(() => depth()?.book?.bids.length === 2);
    expect(depth()!.book).toEqual({
      bids: [
        [0.0025, 4],
        [0.0024, 8],
      ],
      asks: [[0.0026, 90]],
    });
    expect(h.ticks().filter((t) => t.kind === 'book')).toHaveLength(2);
    expect(h.errors()).toEqual([]);
  });

  it('refuses a depth message with a level it cannot read or more levels than subscribed', async () => {
    h = await harness('binance', ['bnbbtc']);
    const client = await h.exchange.client();
    const levels = (n: number) => Array.from({ length: n }, (_, i) => [`${100 - i}`, '1']);
    h.exchange.play(
      client,
      wrap('bnbbtc@depth20@100ms', BINANCE_PARTIAL_DEPTH.replace('"10"', '10')),
      wrap('bnbbtc@depth20@100ms', BINANCE_PARTIAL_DEPTH.replace('"0.0026"', '"-1"')),
      wrap('bnbbtc@depth20@100ms', JSON.stringify({ lastUpdateId: 1, bids: levels(21), asks: [] })),
    );
    await h.until(() => h!.results.length === 3);
    expect(h.errors()).toEqual([
      'data.bids[0].1: expected a decimal string, got the number 10',
      'data.asks[0].0: expected a price above 0, got the string "-1"',
      'data.bids: 21 levels, at most 20 allowed',
    ]);
    expect(h.ticks()).toEqual([]);
  });

  it("surfaces the exchange's error message", async () => {
    h = await harness('binance', ['bnbbtc']);
    const client = await h.exchange.client();
    h.exchange.play(client, BINANCE_ERROR);
    await h.until(() => h!.errors().length === 1);
    expect(h.errors()).toEqual(['binance: Invalid request: too many parameters (code 2)']);
    expect(h.health().lastError).toBe(
      'INTERNAL: binance: Invalid request: too many parameters (code 2)',
    );
  });

  it('reconnects on serverShutdown and before the connection age limit', async () => {
    h = await harness('binance', ['bnbbtc'], { rules: { maxConnectionAgeMs: 400 } });
    const first = await h.exchange.client();
    h.exchange.play(first, BINANCE_SHUTDOWN_COMBINED);
    await h.exchange.client(1);
    expect(h.results[0]).toMatchObject({ ok: true, reconnect: 'binance: serverShutdown' });
    // The second connection is renewed when it reaches its (shortened) age limit.
    const third = await h.exchange.client(2);
    expect(third.connectedAt - h.exchange.clients[1]!.connectedAt).toBeGreaterThanOrEqual(390);
    expect(h.reconnectReasons()).toEqual([
      'binance: serverShutdown',
      'renewing the connection after 0.4 s',
    ]);
    // The real limit renews half an hour before Binance's 24 h cut.
    expect(BINANCE_MAX_CONNECTION_AGE_MS).toBeLessThan(24 * 60 * 60 * 1000);
  });

  it('answers protocol pings with a pong carrying the payload (ws auto-pong)', async () => {
    h = await harness('binance', ['bnbbtc']);
    const client = await h.exchange.client();
    const pong = new Promise<string>((resolve) =>
      client.socket.once('pong', (data) => resolve(String(data))),
    );
    client.socket.ping('tickdeck-20s');
    expect(await pong).toBe('tickdeck-20s');
  });
});

describe('Binance translator', () => {
  it('reports a symbol that stays silent while others stream (Binance sends no error for it)', () => {
    const ctx = createAdapterContext();
    // Received a second after the documented trade's time.
    const at = (ms: number) => 1_672_515_783_136 + ms;
    const t = createBinanceTranslator(['bnbbtc', 'nosuchcoin'], ctx);
    expect(t.onMessage(BINANCE_COMBINED_TRADE, at(0)).errors).toBeUndefined();
    expect(t.onMessage(BINANCE_COMBINED_TRADE, at(SILENT_SYMBOL_MS - 1)).errors).toBeUndefined();
    const r = t.onMessage(BINANCE_COMBINED_TRADE, at(SILENT_SYMBOL_MS));
    expect(r.errors).toEqual([
      {
        kind: 'exchange',
        message: 'binance: no data for NOSUCHCOIN in 30 s: not a Binance spot symbol?',
        instrument: 'NOSUCHCOIN',
      },
    ]);
    expect(r.instruments?.map((i) => i.id)).toEqual(['BNBBTC']);
    expect(t.onMessage(BINANCE_COMBINED_TRADE, at(98_000)).errors).toBeUndefined();
    // The next connection's translator neither lists it again nor reports it twice.
    const next = createBinanceTranslator(['bnbbtc', 'nosuchcoin'], ctx);
    expect(next.onMessage(BINANCE_COMBINED_TRADE, at(99_000)).instruments).toBeUndefined();
    expect(ctx.instruments.list().map((i) => i.id)).toEqual(['BNBBTC']);
    expect(next.onMessage(BINANCE_COMBINED_TRADE, at(199_000)).errors).toBeUndefined();
  });

  it('validates symbols and the 1024-stream limit', () => {
    expect(checkBinanceSymbols(['btcusdt', 'ETHBTC'])).toBeNull();
    expect(checkBinanceSymbols(['btc-usdt'])).toContain('not a Binance symbol');
    expect(checkBinanceSymbols(Array.from({ length: 257 }, (_, i) => `sym${i}usdt`))).toContain(
      'at most 256',
    );
    // Four streams a symbol, as the URL names them; a symbol typed twice is streamed once.
    const url = createBinanceTranslator(['btcusdt', 'BTCUSDT'], createAdapterContext()).url(null);
    expect(url.split('=')[1]!.split('/')).toHaveLength(BINANCE_STREAMS_PER_SYMBOL);
  });

  it('keeps the default endpoint path and honours the inbound limit in its rules', () => {
    const t = createBinanceTranslator(['btcusdt'], createAdapterContext());
    expect(t.url(null)).toBe(
      'wss://stream.binance.com:9443/stream?streams=btcusdt@trade/btcusdt@bookTicker/btcusdt@kline_1m/btcusdt@depth20@100ms',
    );
    expect(t.url('wss://data-stream.binance.vision/')).toMatch(
      /^wss:\/\/data-stream\.binance\.vision\/stream\?/,
    );
    expect(BINANCE_RULES.maxSendPerSecond).toBeLessThan(5);
  });
});
