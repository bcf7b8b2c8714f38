import { afterEach, describe, expect, it } from 'vitest';
import { COINBASE_L2_SNAPSHOT, COINBASE_L2_UPDATE } from '../../../test-support/coinbase-payloads';
import { coinbaseL2Update, coinbaseTicker } from '../../../test-support/coinbase-frames';
import type { Harness } from '../../../test-support/exchange-feed';
import { harness } from '../../../test-support/exchange-feed';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Coinbase level2 book over a socket, through the engine', () => {
  it('keeps the level2 book from its snapshot and updates, ignoring updates before the snapshot', async () => {
    h = await harness('coinbase', ['BTC-USD']);
    const depth = h.watchDepth('BTC-USD');
    const client = await h.exchange.client();
    await h.until(() => client.received.length === 2);
    // Before its snapshot an update has no book to change: dropped.
    h.exchange.play(client, coinbaseL2Update([['sell', '10102.00', '9']]), COINBASE_L2_SNAPSHOT);
    await h.until(() => depth()?.book?.bids.length === 1);
    expect(depth()!.book).toEqual({ bids: [[10101.1, 0.4505414]], asks: [[10102.55, 0.57753524]] });
    h.exchange.play(
      client,
      COINBASE_L2_UPDATE,
      coinbaseL2Update([
        ['sell', '10102.40', '2'],
        ['sell', '10102.55', '0'],
      ]),
    );
    await h.until(() => depth()?.book?.asks[0]?.[0] === 10102.4);
    expect(depth()!.book).toEqual({
      bids: [
        [10101.8, 0.162567],
        [10101.1, 0.4505414],
      ],
      asks: [[10102.4, 2]],
    });
    expect(h.errors()).toEqual([]);
  });

  it('resyncs a book an update left crossed (bid at or above ask) and says so in the health', async () => {
    h = await harness('coinbase', ['BTC-USD']);
    const depth = h.watchDepth('BTC-USD');
    const client = await h.exchange.client();
    await h.until(() => client.received.length === 2);
    h.exchange.play(client, coinbaseTicker(1, { product_id: 'BTC-USD' }), COINBASE_L2_SNAPSHOT);
    await h.until(() => depth()?.book?.bids.length === 1);
    // A bid above the best ask (10102.55): the ask it crossed must have gone, and we missed it.
    h.exchange.play(client, coinbaseL2Update([['buy', '10103.00', '1']]));
    await h.until(() => depth()?.resyncing === true);
    expect(depth()!.book).toEqual({ bids: [], asks: [] });
    expect(h.health()).toMatchObject({ checksumMismatches: 1, gaps: 0 });
    expect(h.health().lastError).toContain(
      'BTC-USD book crossed, bid 10103 >= ask 10102.55; resubscribing',
    );
    const resub = await h.until(
      () => client.received.length >= 4 && JSON.parse(client.received[3]!.text),
    );
    expect(resub).toMatchObject({
      type: 'subscribe',
      channels: expect.arrayContaining(['level2_batch']),
    });
    // Updates before the new snapshot change nothing; the new subscription's ticker and book
    // snapshot bring the book back.
    h.exchange.play(
      client,
      coinbaseL2Update([['buy', '10104.00', '1']]),
      coinbaseTicker(70, { product_id: 'BTC-USD' }),
      COINBASE_L2_SNAPSHOT,
      COINBASE_L2_UPDATE,
    );
    await h.until(() => depth()?.book?.bids.length === 2);
    expect(depth()).toMatchObject({
      resyncing: false,
      book: {
        bids: [
          [10101.8, 0.162567],
          [10101.1, 0.4505414],
        ],
        asks: [[10102.55, 0.57753524]],
      },
    });
    expect(h.health().checksumMismatches).toBe(1);
  });

  it('resyncs a book whose ask crossed down to the best bid', async () => {
    h = await harness('coinbase', ['BTC-USD']);
    const depth = h.watchDepth('BTC-USD');
    const client = await h.exchange.client();
    await h.until(() => client.received.length === 2);
    h.exchange.play(client, coinbaseTicker(1, { product_id: 'BTC-USD' }), COINBASE_L2_SNAPSHOT);
    await h.until(() => depth()?.book?.bids.length === 1);
    h.exchange.play(client, coinbaseL2Update([['sell', '10101.10', '2']]));
    await h.until(() => depth()?.resyncing === true);
    expect(depth()!.book).toEqual({ bids: [], asks: [] });
    expect(h.health().checksumMismatches).toBe(1);
  });

  it('counts an unreadable book message, naming the field, and keeps the book', async () => {
    h = await harness('coinbase', ['BTC-USD']);
    const client = await h.exchange.client();
    h.exchange.play(
      client,
      COINBASE_L2_SNAPSHOT.replace('"0.45054140"', '0.45'),
      coinbaseL2Update([['hold', '1', '1']]),
      JSON.stringify({ ...JSON.parse(COINBASE_L2_UPDATE), changes: 'none' }),
    );
    await h.until(() => h!.results.length === 3);
    expect(h.errors()).toEqual([
      'snapshot.bids[0].1: expected a decimal string, got the number 0.45',
      'l2update.changes[0][0]: expected "buy" or "sell", got the string "hold"',
      'l2update.changes: expected an array, got the string "none"',
    ]);
  });
});
