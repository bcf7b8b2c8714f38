import { afterEach, describe, expect, it } from 'vitest';
import type { QuoteTick, TradeTick } from '../../../protocol/feed';
import {
  KRAKEN_BOOK_SNAPSHOT,
  KRAKEN_BOOK_UPDATE,
  KRAKEN_CHECKSUM_GUIDE,
} from '../../../test-support/kraken-book-payloads';
import {
  KRAKEN_HEARTBEAT,
  KRAKEN_PONG,
  KRAKEN_STATUS,
  KRAKEN_TICKER_ACK,
  KRAKEN_TICKER_SNAPSHOT,
  KRAKEN_TICKER_UPDATE,
  KRAKEN_TRADE_SNAPSHOT,
  KRAKEN_TRADE_UPDATE,
} from '../../../test-support/kraken-payloads';
import { KRAKEN_ENDPOINT, createKrakenTranslator } from './kraken';
import { checkKrakenPairs } from './symbols';
import type { Harness } from '../../../test-support/exchange-feed';
import { harness } from '../../../test-support/exchange-feed';
import { createAdapterContext } from './translator';
import { SILENT_SYMBOL_MS } from './silent-symbols';

const PAIRS = ['ALGO/USD', 'MATIC/USD'];
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The documented MATIC/USD update with another bid and checksum. */
function bookUpdate(qty: string, checksum: number): string {
  return KRAKEN_BOOK_UPDATE.replace('1098.3947558', qty).replace('2114181697', String(checksum));
}

/** An instrument-channel snapshot giving MATIC/USD these precisions. */
function krakenInstrument(pricePrecision: number, qtyPrecision: number): string {
  const pair = {
    symbol: 'MATIC/USD',
    price_precision: pricePrecision,
    qty_precision: qtyPrecision,
  };
  return JSON.stringify({
    channel: 'instrument',
    type: 'snapshot',
    data: { assets: [], pairs: [pair] },
  });
}

describe('Kraken v2 adapter over a socket, through the engine', () => {
  it('subscribes to instrument, ticker (bbo), trade and book depth 10 for the pairs on open', async () => {
    h = await harness('kraken', PAIRS);
    const client = await h.exchange.client();
    const sent = await h.until(
      () => client.received.length >= 4 && client.received.map((r) => JSON.parse(r.text)),
    );
    expect(sent.map((m: { params: { channel: string } }) => m.params.channel)).toEqual([
      'instrument',
      'ticker',
      'trade',
      'book',
    ]);
    expect(sent[1].params).toEqual({ channel: 'ticker', symbol: PAIRS, event_trigger: 'bbo' });
    expect(sent[3].params).toEqual({ channel: 'book', symbol: PAIRS, depth: 10 });
  });

  it('turns the documented ticker snapshot into a snapshot and the update into a quote tick', async () => {
    h = await harness('kraken', PAIRS);
    const client = await h.exchange.client();
    h.exchange.play(
      client,
      KRAKEN_STATUS,
      KRAKEN_TICKER_ACK,
      KRAKEN_TICKER_SNAPSHOT,
      KRAKEN_TICKER_UPDATE,
    );
    await h.until(() => h!.ticks().length === 1);
    const snapshot = h.snapshots()[0]!;
    expect(snapshot).toMatchObject({ op: 'snapshot', instrument: 'ALGO/USD', seq: 0 });
    expect(snapshot.state).toMatchObject({
      bid: 0.10025,
      ask: 0.10036,
      bidSize: 740,
      last: 0.10035,
      high: 0.10285,
    });
    // open = last - change = 0.10035 + 0.00017, exact to the decimals written
    expect(snapshot.state.kind === 'market' && snapshot.state.open).toBe(0.10052);
    const quote = h.ticks()[0] as QuoteTick;
    expect(quote).toEqual({
      kind: 'quote',
      instrument: 'ALGO/USD',
      seq: 1,
      ts: Date.parse('2023-09-25T09:04:31.742648Z'),
      bid: 0.10025,
      ask: 0.10035,
      bidSize: 740,
      askSize: 740,
    });
    // Display precision comes from the price text: 0.10025 has 5 decimals.
    const algo = h.instruments().find((i) => i.id === 'ALGO/USD');
    expect(algo).toMatchObject({ decimals: 5, tickSize: 0.00001 });
    expect(h.errors()).toEqual([]);
    // The dashboard shows the quote.
    await h.until(() => h!.view.market.get('ALGO/USD')?.bid === 0.10025);
  });

  it('maps trades with the taker side and counts the trade_id jump of the documented update as a gap', async () => {
    h = await harness('kraken', PAIRS);
    const client = await h.exchange.client();
    await h.until(() => client.received.length >= 4);
    h.exchange.play(client, KRAKEN_TRADE_SNAPSHOT, KRAKEN_TRADE_UPDATE);
    await h.until(() => h!.ticks().length === 3);
    const trades = h.ticks() as TradeTick[];
    expect(trades.map((t) => [t.seq, t.price, t.size, t.side])).toEqual([
      [1, 0.5147, 6423.46326, 'buy'],
      [2, 0.5147, 1136.19677815, 'buy'],
      // 4665906 follows 4665847: trades were missed, so the seq skips one for the engine.
      [4, 0.5117, 40, 'sell'],
    ]);
    await h.until(() => h!.health().gaps === 1);
    // The resync resubscribes book and ticker for MATIC/USD only.
    const resub = await h.until(
      () => client.received.length >= 8 && client.received.slice(4).map((r) => JSON.parse(r.text)),
    );
    expect(
      resub.map((m: { method: string; params: { channel: string; symbol: string[] } }) => [
        m.method,
        m.params.channel,
        m.params.symbol,
      ]),
    ).toEqual([
      ['unsubscribe', 'book', ['MATIC/USD']],
      ['subscribe', 'book', ['MATIC/USD']],
      ['unsubscribe', 'ticker', ['MATIC/USD']],
      ['subscribe', 'ticker', ['MATIC/USD']],
    ]);
    // A replayed trade is not emitted twice.
    h.exchange.play(client, KRAKEN_TRADE_UPDATE);
    h.exchange.play(client, KRAKEN_HEARTBEAT);
    await h.until(() =>
      h!.results.some((r) => r.ok && r.messages.some((m) => m.op === 'heartbeat')),
    );
    expect(h.ticks()).toHaveLength(3);
    // One gap, one resubscription: the seq jump the trade carried did not ask a second time.
    expect(client.received).toHaveLength(8);
    expect(h.health().gaps).toBe(1);
  });

  it('verifies the documented book checksums, then counts a mismatch and resubscribes the book at once', async () => {
    h = await harness('kraken', PAIRS);
    const client = await h.exchange.client();
    await h.until(() => client.received.length >= 4);
    h.exchange.play(client, KRAKEN_BOOK_SNAPSHOT, KRAKEN_BOOK_UPDATE);
    await h.until(() => h!.results.length >= 2);
    const mismatches = () => h!.errors().filter((e) => e.includes('book checksum')).length;
    expect(mismatches()).toBe(0);
    h.exchange.play(client, bookUpdate('1.5', 123));
    await h.until(() => mismatches() === 1);
    // No tick of the pair has come since: the mismatch alone resubscribes.
    const resub = await h.until(
      () =>
        client.received.length >= 8 && client.received.slice(4, 6).map((r) => JSON.parse(r.text)),
    );
    expect(resub[1]).toEqual({
      method: 'subscribe',
      params: { channel: 'book', symbol: ['MATIC/USD'], depth: 10 },
    });
    // A broken book is its own figure, not a sequence gap.
    await h.until(() => h!.health().checksumMismatches === 1);
    expect(h.health().gaps).toBe(0);
    expect(h.health().lastError).toContain('MATIC/USD book checksum');
    // Updates are ignored until the new snapshot; the snapshot checks out again.
    h.exchange.play(client, bookUpdate('2.5', 456), KRAKEN_BOOK_SNAPSHOT, KRAKEN_BOOK_UPDATE);
    await h.until(() => h!.results.length >= 6);
    expect(mismatches()).toBe(1);
    // MATIC/USD's trades after the mismatch are held, not taken for a second gap.
    h.exchange.play(client, KRAKEN_TRADE_UPDATE, KRAKEN_HEARTBEAT);
    await h.until(() => h!.results.length >= 8);
    await new Promise((r) => setTimeout(r, 50));
    expect(client.received).toHaveLength(8);
    expect(h.health()).toMatchObject({ checksumMismatches: 1, gaps: 0 });
    // The fresh ticker snapshot the resubscription brings resumes the pair.
    h.exchange.play(client, KRAKEN_TICKER_SNAPSHOT.replace('ALGO/USD', 'MATIC/USD'));
    await h.until(() => h!.health().resyncs === 1);
    expect(h.view.market.get('MATIC/USD')).toMatchObject({ bid: 0.10025 });
  });

  it('reconnects when the resubscription after a mismatch never brings a snapshot', async () => {
    h = await harness('kraken', PAIRS, { resyncTimeoutMs: 300 });
    const client = await h.exchange.client();
    await h.until(() => client.received.length >= 4);
    h.exchange.play(client, KRAKEN_BOOK_SNAPSHOT, bookUpdate('1.5', 123));
    const askedAt = await h.until(() => client.received[7]?.at);
    // Kraken stays silent on MATIC/USD: the frozen pair costs a reconnect, counted and named.
    const second = await h.exchange.client(1);
    expect(second.connectedAt - askedAt).toBeGreaterThanOrEqual(290);
    await h.until(() => second.received.length >= 4);
    await h.until(() => h!.health().reconnects === 1);
    expect(h.health().lastError).toBe(
      'resync of MATIC/USD did not complete within 0.3 s; reconnecting',
    );
    expect(h.reconnectReasons()).toEqual([
      'resync of MATIC/USD did not complete within 0.3 s; reconnecting',
    ]);
    // The new connection's ticker snapshot resumes the pair.
    h.exchange.play(second, KRAKEN_TICKER_SNAPSHOT.replace('ALGO/USD', 'MATIC/USD'));
    await h.until(() => h!.view.market.get('MATIC/USD')?.bid === 0.10025);
    expect(h.health().resyncs).toBe(1);
  });

  it("verifies the checksum guide's BTC/USD snapshot sent with string prices", async () => {
    h = await harness('kraken', ['BTC/USD']);
    const client = await h.exchange.client();
    h.exchange.play(client, KRAKEN_CHECKSUM_GUIDE, KRAKEN_HEARTBEAT);
    await h.until(() => h!.results.length >= 2);
    expect(h.errors()).toEqual([]);
    await h.until(() => h!.view.last()?.health.connection.state === 'live');
    expect(h.health().gaps).toBe(0);
  });

  it('reports an unknown pair with the exchange message and drops the instrument', async () => {
    h = await harness('kraken', ['BTC/USD', 'FOO/USD']);
    const client = await h.exchange.client();
    h.exchange.play(
      client,
      JSON.stringify({
        method: 'subscribe',
        error: 'Currency pair not supported FOO/USD',
        success: false,
        symbol: 'FOO/USD',
        time_in: '2023-09-25T09:04:31.742599Z',
        time_out: '2023-09-25T09:04:31.742648Z',
      }),
    );
    await h.until(() => h!.errors().length === 1);
    const t = h.results.find((r) => h!.statuses(r).length > 0)!;
    expect(h.statuses(t).map((s) => !s.ok && s.error)).toEqual([
      {
        code: 'UNKNOWN_INSTRUMENT',
        message: 'kraken: subscribe failed: Currency pair not supported FOO/USD',
      },
    ]);
    expect(h.instruments().map((i) => i.id)).toEqual(['BTC/USD']);
    // The health bar shows the exchange's words; the watchlist loses the pair.
    await h.until(() => h!.view.last()?.health.lastError?.includes('FOO/USD') === true);
    expect(
      h.view.last()!.instruments ?? h.view.batches.findLast((b) => b.instruments)!.instruments,
    ).toEqual([expect.objectContaining({ id: 'BTC/USD' })]);
    // A refused unsubscribe is reported but keeps the pair.
    h.exchange.play(
      client,
      JSON.stringify({
        method: 'unsubscribe',
        error: 'Subscription Not Found',
        success: false,
        symbol: 'BTC/USD',
      }),
    );
    await h.until(() => h!.errors().length === 2);
    expect(h.errors()[1]).toBe('kraken: unsubscribe failed: Subscription Not Found (BTC/USD)');
    expect(h.instruments().map((i) => i.id)).toEqual(['BTC/USD']);
  });

  it('drops the refused pair, not the one its name contains, and never subscribes it again', async () => {
    h = await harness('kraken', ['BTC/USD', 'BTC/USDX', 'ETH/USD']);
    const client = await h.exchange.client();
    await h.until(() => client.received.length >= 4);
    const refusal = (pair: string, symbol?: string) =>
      JSON.stringify({
        method: 'subscribe',
        error: `Currency pair not supported ${pair}`,
        success: false,
        ...(symbol !== undefined && { symbol }),
      });
    // BTC/USD is a prefix of BTC/USDX: the refusal names the one, with or without `symbol`.
    h.exchange.play(client, refusal('BTC/USDX', 'BTC/USDX'), refusal('BTC/USDX'));
    await h.until(() => h!.errors().length === 2);
    expect(h.errors()).toEqual([
      'kraken: subscribe failed: Currency pair not supported BTC/USDX',
      'kraken: subscribe failed: Currency pair not supported BTC/USDX',
    ]);
    expect(h.instruments().map((i) => i.id)).toEqual(['BTC/USD', 'ETH/USD']);
    // A new connection subscribes the others only, and the watchlist keeps it out.
    client.socket.terminate();
    const second = await h.exchange.client(1);
    const sent = await h.until(
      () => second.received.length >= 4 && second.received.map((r) => JSON.parse(r.text)),
    );
    expect(sent[1].params.symbol).toEqual(['BTC/USD', 'ETH/USD']);
    h.exchange.play(second, KRAKEN_HEARTBEAT);
    await h.until(() => h!.results.length >= 3);
    expect(h.instruments().map((i) => i.id)).toEqual(['BTC/USD', 'ETH/USD']);
  });

  it('fails the source, without reconnecting, once Kraken has refused every pair', async () => {
    h = await harness('kraken', ['BTC/USDX', 'ETH/USDX']);
    const client = await h.exchange.client();
    await h.until(() => client.received.length >= 4);
    const refusal = (pair: string) =>
      JSON.stringify({
        method: 'subscribe',
        error: `Currency pair not supported ${pair}`,
        success: false,
        symbol: pair,
      });
    h.exchange.play(client, refusal('BTC/USDX'), KRAKEN_HEARTBEAT, refusal('ETH/USDX'));
    await h.until(() => h!.view.last()?.health.connection.state === 'failed');
    expect(h.view.last()!.health.connection).toEqual({
      state: 'failed',
      reason: 'kraken refused every pair (BTC/USDX, ETH/USDX): nothing to subscribe',
    });
    // No new connection asks for them again (a reconnect loop on heartbeats alone).
    await new Promise((r) => setTimeout(r, 300));
    expect(h.exchange.clients).toHaveLength(1);
  });

  it('subscribes a pair typed twice once, and keeps a pair Kraken says is subscribed already', async () => {
    h = await harness('kraken', ['BTC/USD', 'btc/usd']);
    const client = await h.exchange.client();
    const sent = await h.until(
      () => client.received.length >= 4 && client.received.map((r) => JSON.parse(r.text)),
    );
    expect(sent[1].params.symbol).toEqual(['BTC/USD']);
    h.exchange.play(
      client,
      JSON.stringify({
        method: 'subscribe',
        error: 'Already subscribed',
        success: false,
        symbol: 'BTC/USD',
      }),
    );
    await h.until(() => h!.errors().length === 1);
    expect(h.errors()).toEqual(['kraken: subscribe failed: Already subscribed (BTC/USD)']);
    expect(h.instruments().map((i) => i.id)).toEqual(['BTC/USD']);
  });

  it('counts malformed frames and changed field types with the field named, and keeps going', async () => {
    h = await harness('kraken', PAIRS);
    const client = await h.exchange.client();
    h.exchange.play(
      client,
      'not json',
      KRAKEN_TICKER_UPDATE.replace('"bid": 0.10025', '"bid": {"v": 0.10025}'),
      KRAKEN_TICKER_UPDATE.replace('"ask_qty": 740.0', '"ask_qty": true'),
      KRAKEN_TRADE_UPDATE.replace('"side": "sell"', '"side": "short"'),
      '{"channel":"book","type":"update","data":{}}',
      KRAKEN_TICKER_UPDATE,
    );
    await h.until(() => h!.ticks().length === 1);
    expect(h.errors()).toEqual([
      'frame: expected JSON, got the string "not json"',
      'ticker.data[0].bid: expected a decimal, got an object',
      'ticker.data[0].ask_qty: expected a decimal, got a boolean',
      'trade.data[0].side: expected "buy" or "sell", got the string "short"',
      'book.data: expected an array, got an object',
    ]);
    await h.until(() => h!.health().malformed === 5);
    expect(h.health().connection.state).toBe('live');
  });

  it('reconnects after the exchange drops the connection, subscribes again and keeps seq rising', async () => {
    h = await harness('kraken', PAIRS);
    const first = await h.exchange.client();
    h.exchange.play(first, KRAKEN_TICKER_UPDATE);
    await h.until(() => h!.ticks().length === 1);
    first.socket.terminate();
    const second = await h.exchange.client(1);
    await h.until(() => second.received.length >= 4);
    h.exchange.play(second, KRAKEN_TICKER_UPDATE);
    await h.until(() => h!.ticks().length === 2);
    expect(h.ticks().map((t) => t.seq)).toEqual([1, 2]);
    await h.until(() => h!.health().reconnects === 1);
    expect(h.health().gaps).toBe(0);
  });

  it('treats heartbeats and pongs as liveness and reconnects a stalled feed', async () => {
    // A 100 ms heartbeat bound: stalled after 3 silent intervals.
    h = await harness('kraken', PAIRS, { rules: { heartbeatMs: 100 } });
    const client = await h.exchange.client();
    h.exchange.play(client, KRAKEN_HEARTBEAT, KRAKEN_PONG);
    const heartbeats = () =>
      h!.results.filter((r) => r.ok && r.messages.some((m) => m.op === 'heartbeat')).length;
    await h.until(() => heartbeats() === 2);
    // Then silence: the connection is replaced and subscribes again.
    const second = await h.exchange.client(1);
    await h.until(() => second.received.length >= 4);
    expect(h.reconnectReasons()).toEqual([expect.stringMatching(/^stalled: no data for/)]);
    expect(h.exchange.clients).toHaveLength(2);
  });
});

describe('Kraken translator', () => {
  it('names a pair with heartbeats but no data for 30 s, once, and keeps it listed', () => {
    const ctx = createAdapterContext();
    const t = createKrakenTranslator(['MATIC/USD', 'ALGO/USD'], ctx);
    expect(t.onMessage(KRAKEN_BOOK_SNAPSHOT, 0).errors).toBeUndefined();
    expect(t.onMessage(KRAKEN_HEARTBEAT, SILENT_SYMBOL_MS - 1).errors).toBeUndefined();
    expect(t.onMessage(KRAKEN_HEARTBEAT, SILENT_SYMBOL_MS).errors).toEqual([
      { kind: 'exchange', message: 'kraken: no data for ALGO/USD in 30 s', instrument: 'ALGO/USD' },
    ]);
    expect(t.onMessage(KRAKEN_HEARTBEAT, 2 * SILENT_SYMBOL_MS).errors).toBeUndefined();
    expect(ctx.instruments.list().map((i) => i.id)).toEqual(['MATIC/USD', 'ALGO/USD']);
  });

  it('validates pairs and explains XBT', () => {
    expect(checkKrakenPairs(['BTC/USD', 'eth/usd'])).toBeNull();
    expect(checkKrakenPairs(['BTCUSD'])).toContain('not a Kraken pair');
    expect(checkKrakenPairs(['XBT/USD'])).toContain('BTC, not XBT');
  });

  it('uses the default endpoint unless overridden', () => {
    const t = createKrakenTranslator(['BTC/USD'], createAdapterContext());
    expect(t.url(null)).toBe(KRAKEN_ENDPOINT);
    expect(t.url('ws://127.0.0.1:9000')).toBe('ws://127.0.0.1:9000');
  });

  it('takes display decimals and checksum precision from the instrument channel', () => {
    const ctx = createAdapterContext();
    const t = createKrakenTranslator(['MATIC/USD'], ctx);
    const instrument = {
      channel: 'instrument',
      type: 'snapshot',
      data: {
        assets: [],
        pairs: [
          { symbol: 'MATIC/USD', price_precision: 4, qty_precision: 8, price_increment: 0.0001 },
        ],
      },
    };
    const r = t.onMessage(JSON.stringify(instrument), 0);
    expect(r.instruments?.[0]).toMatchObject({ id: 'MATIC/USD', decimals: 4, tickSize: 0.0001 });
    // The documented snapshot checks out with the instrument's precision.
    const snap = t.onMessage(KRAKEN_BOOK_SNAPSHOT, 0);
    expect(snap.resync).toBeUndefined();
  });

  it('keeps the declared price precision when trades carry float noise', () => {
    const t = createKrakenTranslator(['MATIC/USD'], createAdapterContext());
    const instrument = {
      channel: 'instrument',
      type: 'snapshot',
      data: { assets: [], pairs: [{ symbol: 'MATIC/USD', price_precision: 4, qty_precision: 8 }] },
    };
    t.onMessage(JSON.stringify(instrument), 0);
    const noisy = t.onMessage(KRAKEN_TRADE_UPDATE.replace('0.5117', '0.51169999999999998'), 0);
    expect(noisy.ticks).toHaveLength(1);
    // No new instrument list: the display decimals did not move from the declared 4.
    expect(noisy.instruments).toBeUndefined();
  });

  it('refuses a precision past any venue (1e6), naming the field, and checks the book with what it saw', () => {
    const t = createKrakenTranslator(['MATIC/USD'], createAdapterContext());
    const r = t.onMessage(krakenInstrument(1e6, 8), 0);
    expect(r.errors).toEqual([
      {
        kind: 'malformed',
        instrument: 'MATIC/USD',
        message:
          'instrument.data.pairs[0].price_precision: expected an integer from 0 to 20, got the number 1000000',
      },
    ]);
    // Kept, a million-digit precision made every checksum cost 260 ms and never match.
    expect(t.onMessage(KRAKEN_BOOK_SNAPSHOT, 0).resync).toBeUndefined();
    expect(t.onMessage(KRAKEN_BOOK_UPDATE, 0).resync).toBeUndefined();
  });

  it('takes a trade time up to 60 s after the arrival, and stamps a later one with the arrival', () => {
    const t = createKrakenTranslator(['MATIC/USD'], createAdapterContext());
    const traded = Date.parse('2023-09-25T07:49:37.708Z');
    expect(t.onMessage(KRAKEN_TRADE_UPDATE, traded - 59_000).ticks[0]?.ts).toBe(traded);
    const early = traded - 10 * 60_000;
    const r = t.onMessage(KRAKEN_TRADE_UPDATE.replace('4665906', '4665907'), early);
    expect(r.ticks[0]?.ts).toBe(early);
    expect(r.errors?.map((e) => e.message)).toEqual([
      'trade.data[0].timestamp: 2023-09-25T07:49:37.708Z is more than 60 s after the frame arrived (2023-09-25T07:39:37.708Z); stamped with its arrival time',
    ]);
  });

  it('resubscribes a valid book when a precision or a level comes beyond the bound', () => {
    const t = createKrakenTranslator(['MATIC/USD'], createAdapterContext());
    expect(t.onMessage(KRAKEN_BOOK_SNAPSHOT, 0).resync).toBeUndefined();
    const precision = t.onMessage(krakenInstrument(4, 2e7), 0);
    expect(precision.errors?.[0]?.message).toContain(
      'qty_precision: expected an integer from 0 to 20',
    );
    expect(precision.resync).toEqual([
      expect.objectContaining({
        instrument: 'MATIC/USD',
        message: expect.stringContaining('precision rejected'),
      }),
    ]);
    expect(t.onMessage(KRAKEN_BOOK_SNAPSHOT, 0).resync).toBeUndefined();
    const longLevel = KRAKEN_BOOK_UPDATE.replace('0.5657', `0.5657${'0'.repeat(30)}1`);
    const level = t.onMessage(longLevel, 0);
    expect(level.errors?.[0]?.message).toContain(
      'book.data[0].bids[0].price: expected a decimal of at most 20 digits after the point',
    );
    expect(level.resync).toEqual([
      expect.objectContaining({
        instrument: 'MATIC/USD',
        message: expect.stringContaining('book message rejected'),
      }),
    ]);
  });

  it('keeps seq rising across connections sharing a context', () => {
    const ctx = createAdapterContext();
    const first = createKrakenTranslator(['ALGO/USD'], ctx);
    expect(first.onMessage(KRAKEN_TICKER_UPDATE, 0).ticks[0]?.seq).toBe(1);
    const second = createKrakenTranslator(['ALGO/USD'], ctx);
    expect(second.onMessage(KRAKEN_TICKER_UPDATE, 0).ticks[0]?.seq).toBe(2);
  });
});

describe('Kraken book into the engine', () => {
  it('passes on each verified book whole, and nothing of a book that failed its checksum', () => {
    const t = createKrakenTranslator(['MATIC/USD'], createAdapterContext());
    const snap = t.onMessage(KRAKEN_BOOK_SNAPSHOT, 1_000);
    const book = snap.ticks.find((tick) => tick.kind === 'book');
    expect(book).toMatchObject({ instrument: 'MATIC/USD', ts: 1_000, full: true });
    if (book?.kind !== 'book') throw new Error('no book tick');
    expect(book.bids).toHaveLength(10);
    expect(book.asks).toHaveLength(10);
    expect(book.bids[0]![0]).toBeGreaterThan(book.bids[1]![0]);
    expect(book.asks[0]![0]).toBeLessThan(book.asks[1]![0]);
    expect(book.bids[0]![0]).toBeLessThan(book.asks[0]![0]);
    // A mismatch: no book tick, a resync; the ticker snapshot it brings carries no book yet.
    const bad = t.onMessage(bookUpdate('1.5', 123), 2_000);
    expect(bad.ticks.some((tick) => tick.kind === 'book')).toBe(false);
    expect(bad.resync?.[0]).toMatchObject({ instrument: 'MATIC/USD', reason: 'checksum' });
    const ticker = KRAKEN_TICKER_SNAPSHOT.replace('ALGO/USD', 'MATIC/USD');
    const state = t.onMessage(ticker, 3_000).snapshots?.[0]?.state;
    expect(state && state.kind === 'market' && state.book).toBeUndefined();
    // The new snapshot verifies: the next ticker snapshot carries the book it vouched for.
    expect(t.onMessage(KRAKEN_BOOK_SNAPSHOT, 4_000).ticks.some((x) => x.kind === 'book')).toBe(
      true,
    );
    const again = t.onMessage(ticker, 5_000).snapshots?.[0]?.state;
    expect(again?.kind === 'market' && again.book?.bids).toEqual(book.bids);
  });
});
