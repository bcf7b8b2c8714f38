import { describe, expect, it } from 'vitest';
import type { MarketTick } from '../../protocol/feed';
import { barHistory } from './bar-history';
import { BAR_HISTORY } from './market-bars';
import { MarketState } from './market-state';

const T0 = 1_700_000_000_000;
const SECONDS = BAR_HISTORY + 6;

function trade(ts: number, price: number, size: number): MarketTick {
  return { instrument: 'A', seq: 0, ts, kind: 'trade', price, size, side: 'buy' };
}

/** Open, high, low and close of second `s`, each traded in a 50 ms bucket of its own. */
const ohlc = (s: number) => [100 + s, 103 + s, 99 + s, 101 + s];

/** A market with `SECONDS` one-second bars of four trades each (sizes 1 to 4). */
function market(): MarketState {
  const m = new MarketState();
  for (let s = 0; s < SECONDS; s++)
    ohlc(s).forEach((p, k) => m.applyTick(trade(T0 + s * 1_000 + k * 100, p, k + 1)));
  m.sealSeries();
  return m;
}

const ask = (m: MarketState | undefined, from: number, to: number, maxPoints = 5_000) =>
  barHistory(m, { id: 'A', from, to, maxPoints, barIntervalMs: 1_000 });

describe('barHistory', () => {
  it('sends the bars held, and before them bars built from the price series, without volume', () => {
    const bars = ask(market(), 0, T0 + SECONDS * 1_000);
    expect(bars.t).toEqual(Array.from({ length: SECONDS }, (_, s) => T0 + s * 1_000));
    // Every bar's prices are the trades', whether held or built from the series.
    const [o, h, l, c] = [bars.o, bars.h, bars.l, bars.c];
    expect(bars.t.map((_, s) => [o[s], h[s], l[s], c[s]])).toEqual(bars.t.map((_, s) => ohlc(s)));
    // The engine holds BAR_HISTORY bars: the older 6 come from the series, volume unknown.
    expect(bars.v).toEqual([...Array(6).fill(null), ...Array(BAR_HISTORY).fill(10)]);
  });

  it('keeps to the range and sends the newest bars when more are there than asked for', () => {
    const to = T0 + 10_000;
    expect(ask(market(), T0 + 2_000, to).t).toEqual(
      Array.from({ length: 8 }, (_, s) => T0 + (s + 2) * 1_000),
    );
    const newest = ask(market(), 0, to, 3);
    expect(newest.t).toEqual([T0 + 7_000, T0 + 8_000, T0 + 9_000]);
    expect(newest.c).toEqual([108, 109, 110]);
  });

  it('skips a first bar the series holds only the tail of', () => {
    const m = market();
    // As if the engine held no bars of the interval, and the series only its last 10 points.
    m.bars[0]!.ring.clear();
    m.setSeriesCapacity(10);
    const bars = ask(m, 0, T0 + SECONDS * 1_000);
    // 10 points: the last two of second 67 (dropped, its open and high are gone), 68 and 69.
    expect(bars.t).toEqual([T0 + 68_000, T0 + 69_000]);
    expect(bars.o).toEqual([168, 169]);
    expect(bars.v).toEqual([null, null]);
  });

  it('answers nothing for an unknown instrument', () => {
    expect(ask(undefined, 0, T0).t).toEqual([]);
  });

  it('cuts every column of a long reply to the newest bars', () => {
    const newest = ask(market(), 0, T0 + 10_000, 3);
    const seconds = [7, 8, 9];
    expect(newest.t).toEqual(seconds.map((s) => T0 + s * 1_000));
    expect([newest.o, newest.h, newest.l, newest.c]).toEqual(
      [0, 1, 2, 3].map((k) => seconds.map((s) => ohlc(s)[k])),
    );
    expect(newest.v).toEqual([10, 10, 10]);
  });

  it('answers with the bars of the interval asked for', () => {
    const bars = barHistory(market(), {
      id: 'A',
      from: T0,
      to: T0 + 10_000,
      maxPoints: 100,
      barIntervalMs: 5_000,
    });
    expect(bars.t).toEqual([T0, T0 + 5_000]);
    // Seconds 0–4 and 5–9: the first open, the highest high, the lowest low, the last close.
    expect([bars.o, bars.h, bars.l, bars.c]).toEqual([
      [100, 105],
      [107, 112],
      [99, 104],
      [105, 110],
    ]);
    expect(bars.v).toEqual([50, 50]);
  });

  it('builds a whole first bar when the range starts inside a series that dropped points', () => {
    const m = market();
    m.bars[0]!.ring.clear();
    m.setSeriesCapacity(10);
    // Second 68 is held whole: only a first bar the ring cut into is skipped.
    const bars = ask(m, T0 + 68_000, T0 + SECONDS * 1_000);
    expect(bars.t).toEqual([T0 + 68_000, T0 + 69_000]);
    expect(bars.o).toEqual([168, 169]);
  });

  it('builds a bar of a single trade from the series', () => {
    const m = new MarketState();
    m.applyTick(trade(T0, 100, 1));
    m.applyTick(trade(T0 + 1_000, 101, 1));
    m.sealSeries();
    m.bars[0]!.ring.clear();
    const bars = ask(m, 0, T0 + 2_000);
    expect(bars).toEqual({
      t: [T0, T0 + 1_000],
      o: [100, 101],
      h: [100, 101],
      l: [100, 101],
      c: [100, 101],
      v: [null, null],
    });
  });
});
