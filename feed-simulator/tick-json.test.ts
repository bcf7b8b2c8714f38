import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BookTick, Tick } from '../protocol/feed';
import { readTick } from '../protocol/decode';
import { Conflator } from './conflation';
import { TicksMessageWriter } from './tick-bytes';
import { tickJson, ticksMessageJson } from './tick-json';

const price = fc.double({ min: 0.0001, max: 1e7, noNaN: true });
const count = fc.integer({ min: 1, max: 1e9 });
const head = {
  instrument: fc.constantFrom('ACME', 'ÄÖ "quoted"', 'm1'),
  seq: count,
  ts: fc.integer({ min: 0, max: 2 ** 42 }),
};

const quote = fc.record(
  {
    ...head,
    conflated: count,
    kind: fc.constant('quote' as const),
    bid: price,
    ask: price,
    bidSize: count,
    askSize: count,
  },
  { requiredKeys: ['instrument', 'seq', 'ts', 'kind', 'bid', 'ask', 'bidSize', 'askSize'] },
);
const trade = fc.record(
  {
    ...head,
    conflated: count,
    kind: fc.constant('trade' as const),
    price,
    size: count,
    side: fc.constantFrom('buy' as const, 'sell' as const),
    count,
    high: price,
    low: price,
  },
  { requiredKeys: ['instrument', 'seq', 'ts', 'kind', 'price', 'size', 'side'] },
);

const level = fc.tuple(price, fc.oneof(count, fc.constant(0), price));
/** Book ticks with their keys in the order the simulator builds them (market-model.ts, conflation.ts). */
const book = fc.record(
  {
    ...head,
    kind: fc.constant('book' as const),
    bids: fc.array(level, { maxLength: 60 }),
    asks: fc.array(level, { maxLength: 60 }),
    full: fc.boolean(),
    conflated: count,
  },
  { requiredKeys: ['instrument', 'seq', 'ts', 'kind', 'bids', 'asks'] },
);

describe('tick JSON', () => {
  it('parses to the same value JSON.stringify gives, for any market tick', () => {
    fc.assert(
      fc.property(fc.oneof(quote, trade), (tick) => {
        expect(JSON.parse(tickJson(tick as Tick))).toEqual(JSON.parse(JSON.stringify(tick)));
      }),
    );
  });

  it('serialises sports ticks and whole messages that the protocol decoder accepts', () => {
    const ticks: Tick[] = [
      { instrument: 'm1', seq: 1, ts: 5, kind: 'odds', home: 1.5, draw: 4, away: 6.5 },
      {
        instrument: 'ACME',
        seq: 2,
        ts: 5,
        conflated: 3,
        kind: 'trade',
        price: 1.25,
        size: 300,
        side: 'sell',
        count: 2,
        high: 1.3,
        low: 1.2,
      },
    ];
    const message = JSON.parse(ticksMessageJson(ticks.map(tickJson)));
    expect(message.op).toBe('ticks');
    message.ticks.forEach((t: unknown, i: number) =>
      expect(readTick(t, `ticks[${i}]`)).toEqual(ticks[i]),
    );
  });
});

describe('tick bytes', () => {
  it('writes messages that parse to exactly what the string serialiser gives', () => {
    const writer = new TicksMessageWriter();
    const anyTick = fc.oneof(
      quote,
      trade,
      price.map((home) => ({
        instrument: 'm1',
        seq: 1,
        ts: 2,
        kind: 'odds' as const,
        home,
        draw: 3,
        away: 4,
      })),
    );
    fc.assert(
      fc.property(fc.array(anyTick, { maxLength: 30 }), (ticks) => {
        const bytes = writer.write(ticks as Tick[]);
        expect(JSON.parse(bytes.toString())).toEqual(
          JSON.parse(ticksMessageJson((ticks as Tick[]).map(tickJson))),
        );
      }),
    );
  });

  it('writes byte for byte what the string serialiser gives, for any ticks', () => {
    const writer = new TicksMessageWriter();
    const sameTs = fc.integer({ min: 0, max: 2 ** 42 });
    const cents = fc.integer({ min: 1, max: 1e9 }).map((c) => c / 100);
    const anyTick = fc.oneof(
      quote,
      trade,
      cents.map((bid): Tick => ({
        instrument: 'ACME',
        seq: 7,
        ts: 1_764_100_000_000,
        kind: 'quote',
        bid,
        ask: bid + 0.05,
        bidSize: 100,
        askSize: 4_000,
      })),
      fc
        .record({ instrument: fc.string(), seq: count, ts: sameTs, clockMs: count })
        .map((t): Tick => ({ ...t, kind: 'clock', running: true })),
    );
    fc.assert(
      fc.property(fc.array(anyTick, { maxLength: 40 }), (ticks) => {
        const expected = ticksMessageJson((ticks as Tick[]).map(tickJson));
        expect(writer.write(ticks as Tick[]).toString()).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('writes book ticks byte for byte as JSON.stringify does, beside other ticks', () => {
    const writer = new TicksMessageWriter();
    fc.assert(
      fc.property(fc.array(fc.oneof(book, quote, trade), { maxLength: 20 }), (ticks) => {
        const expected = ticksMessageJson((ticks as Tick[]).map(tickJson));
        expect(writer.write(ticks as Tick[]).toString()).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("writes the conflator's merged book ticks byte for byte as JSON.stringify does", () => {
    const conflator = new Conflator(1);
    const at = (seq: number, bids: BookTick['bids'], asks: BookTick['asks']): Tick => ({
      instrument: 'ACME',
      seq,
      ts: 1_764_100_000_000 + seq,
      kind: 'book',
      bids,
      asks,
    });
    conflator.add(0, {
      ...at(
        1,
        [
          [10.5, 3],
          [10.4, 7],
        ],
        [[10.6, 2]],
      ),
      full: true,
    } as Tick);
    conflator.add(
      0,
      at(
        2,
        [
          [10.4, 0],
          [10.45, 1.5],
        ],
        [[10.7, 4]],
      ),
    );
    const merged: Tick[] = [];
    conflator.take(0, merged);
    expect(merged.map((t) => t.kind)).toEqual(['book']);
    expect(new TicksMessageWriter().write(merged).toString()).toBe(
      `{"op":"ticks","ticks":[${JSON.stringify(merged[0])}]}`,
    );
  });

  it('writes two-decimal prices and large messages exactly', () => {
    const writer = new TicksMessageWriter();
    const ticks: Tick[] = [];
    for (let c = 0; c < 30_000; c++) {
      ticks.push({
        instrument: 'ACME',
        seq: c,
        ts: 1_764_100_000_000 + c,
        kind: 'trade',
        price: c / 100,
        size: c,
        side: c % 2 ? 'buy' : 'sell',
      });
    }
    expect(writer.write(ticks).toString()).toBe(ticksMessageJson(ticks.map(tickJson)));
  });

  it('gives the same bytes for the same ticks however the reused buffer was filled before', () => {
    const writer = new TicksMessageWriter();
    const quoteAt = (ts: number): Tick => ({
      instrument: 'ACME',
      seq: 1,
      ts,
      kind: 'quote',
      bid: 1.5,
      ask: 1.6,
      bidSize: 100,
      askSize: 200,
    });
    const odds: Tick = {
      instrument: 'm1',
      seq: 9,
      ts: 7,
      kind: 'odds',
      home: 2.5,
      draw: 3.2,
      away: 2.9,
    };
    const expected = ticksMessageJson([odds, quoteAt(1_764_100_000_123)].map(tickJson));
    writer.write([quoteAt(1_764_100_000_123)]);
    expect(writer.write([odds, quoteAt(1_764_100_000_123)]).toString()).toBe(expected);
  });
});
