import { describe, expect, it } from 'vitest';
import { readTick } from './decode-tick';
import { Invalid } from './decode-fields';
import { MAX_ID_CHARS, MAX_TIME_MS } from './limits';

const QUOTE = {
  instrument: 'ACME',
  seq: 1,
  ts: 1.7e12,
  kind: 'quote',
  bid: 99.5,
  ask: 100.5,
  bidSize: 5,
  askSize: 7,
};
const TRADE = {
  instrument: 'ACME',
  seq: 2,
  ts: 1.7e12,
  kind: 'trade',
  price: 100.25,
  size: 3,
  side: 'buy',
};
const BOOK = {
  instrument: 'ACME',
  seq: 3,
  ts: 1.7e12,
  kind: 'book',
  bids: [[99.5, 2]],
  asks: [[100.5, 0]],
};

/** The path of the error reading `tick` throws, or 'ok'. */
function verdict(tick: object): string {
  try {
    readTick(tick, 'tick');
    return 'ok';
  } catch (err) {
    if (err instanceof Invalid) return err.path;
    throw err;
  }
}

// Values that sit at the edge of each check: the hot kinds' named reads must draw the line
// exactly where each field's generic reader does (decode-fields.ts).
const NOT_NUMBERS = ['1', null, true, [], {}];
const NOT_POSITIVE = [NaN, Infinity, -Infinity, -1, -1e-300, ...NOT_NUMBERS];
const NOT_COUNTS = [1.5, -1, 2 ** 53, NaN, Infinity, ...NOT_NUMBERS];

describe('readTick on the kinds nearly every frame holds', () => {
  it('takes quotes, trades and books as the generic checks do, edge values included', () => {
    expect(verdict(QUOTE)).toBe('ok');
    expect(verdict({ ...QUOTE, bid: 0, ask: -0, conflated: 1 })).toBe('ok');
    expect(verdict({ ...TRADE, side: 'sell', count: 0, high: 101, low: 0, conflated: 9 })).toBe(
      'ok',
    );
    expect(verdict({ ...BOOK, full: false })).toBe('ok');
    expect(verdict({ ...BOOK, full: true, asks: [[100.5, 1]] })).toBe('ok');
    expect(verdict({ ...QUOTE, ts: -MAX_TIME_MS, instrument: 'x'.repeat(MAX_ID_CHARS) })).toBe(
      'ok',
    );
  });

  it('names the field whatever edge value breaks it', () => {
    for (const bad of NOT_POSITIVE)
      for (const field of ['bid', 'ask', 'bidSize', 'askSize'])
        expect(verdict({ ...QUOTE, [field]: bad }), `${field} = ${String(bad)}`).toBe(
          `tick.${field}`,
        );
    for (const bad of NOT_POSITIVE)
      for (const field of ['price', 'size', 'high', 'low'])
        expect(verdict({ ...TRADE, [field]: bad }), `${field} = ${String(bad)}`).toBe(
          `tick.${field}`,
        );
    for (const bad of NOT_COUNTS) {
      expect(verdict({ ...QUOTE, seq: bad }), `seq = ${String(bad)}`).toBe('tick.seq');
      expect(verdict({ ...TRADE, count: bad }), `count = ${String(bad)}`).toBe('tick.count');
      expect(verdict({ ...BOOK, conflated: bad }), `conflated = ${String(bad)}`).toBe(
        'tick.conflated',
      );
    }
    for (const bad of [MAX_TIME_MS * 2, -MAX_TIME_MS * 2, NaN, Infinity, ...NOT_NUMBERS])
      expect(verdict({ ...TRADE, ts: bad }), `ts = ${String(bad)}`).toBe('tick.ts');
    for (const bad of ['', 'x'.repeat(MAX_ID_CHARS + 1), 7, null])
      expect(verdict({ ...BOOK, instrument: bad }), `instrument = ${String(bad)}`).toBe(
        'tick.instrument',
      );
    expect(verdict({ ...QUOTE, conflated: 0 })).toBe('tick.conflated');
    expect(verdict({ ...TRADE, side: 'both' })).toBe('tick.side');
    expect(verdict({ ...BOOK, full: 'yes' })).toBe('tick.full');
    expect(verdict({ ...BOOK, bids: [[0, 1]] })).toBe('tick.bids[0][0]');
    expect(verdict({ ...BOOK, full: true })).toBe('tick.asks[0][1]');
  });

  it('names the first broken field, in the order the generic checks read them', () => {
    expect(verdict({ ...QUOTE, seq: -1, bid: -1 })).toBe('tick.seq');
    expect(verdict({ ...TRADE, ts: 'now', conflated: 0 })).toBe('tick.ts');
    expect(verdict({ ...BOOK, conflated: 0, bids: 'none' })).toBe('tick.conflated');
  });
});
