import { describe, expect, it } from 'vitest';
import type { IndicatorSpec } from '../../../protocol/chart-setup';
import {
  STOCKCHARTS_RSI,
  randomWalk,
  referenceBollinger,
  referenceEma,
  referenceRsi,
  referenceSma,
  referenceVwap,
} from '../../../test-support/indicator-reference';
import type { IndicatorInput } from './indicator-contract';
import { createIndicator } from './indicators';

const T0 = Date.UTC(2026, 11, 3, 9);

function input(close: number, i: number, volume = 1): IndicatorInput {
  return { t: T0 + i * 1000, close, typical: close, volume };
}

/** Pushes every close, returning each point's outputs. */
function run(spec: IndicatorSpec, closes: readonly number[]): number[][] {
  const ind = createIndicator(spec);
  return closes.map((c, i) => {
    const out: number[] = [];
    ind.push(input(c, i), out);
    return out;
  });
}

function expectClose(actual: readonly number[], expected: readonly number[], digits: number) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (Number.isNaN(expected[i])) expect(a, `row ${i}`).toBeNaN();
    else expect(a, `row ${i}`).toBeCloseTo(expected[i]!, digits);
  });
}

const closes = randomWalk(300, 100, 7);

describe('indicators against reference values', () => {
  it("matches StockCharts' published 14-period RSI worked example", () => {
    const rsi = run({ kind: 'rsi', period: 14 }, STOCKCHARTS_RSI.closes).map((o) => o[0]!);
    expect(rsi.slice(0, 14).every(Number.isNaN)).toBe(true);
    // The table is rounded to 2 decimals.
    rsi
      .slice(14)
      .forEach((v, i) => expect(Math.abs(v - STOCKCHARTS_RSI.rsi14[i]!)).toBeLessThan(0.006));
  });

  it.each([2, 5, 20])('SMA %i equals the spreadsheet column', (n) => {
    expectClose(
      run({ kind: 'sma', period: n }, closes).map((o) => o[0]!),
      referenceSma(closes, n),
      9,
    );
  });

  it.each([2, 9, 26])('EMA %i equals the spreadsheet column', (n) => {
    expectClose(
      run({ kind: 'ema', period: n }, closes).map((o) => o[0]!),
      referenceEma(closes, n),
      9,
    );
  });

  it('Bollinger 20 × 2 equals the spreadsheet columns', () => {
    const got = run({ kind: 'bollinger', period: 20, stdDev: 2 }, closes);
    const ref = referenceBollinger(closes, 20, 2);
    for (const line of [0, 1, 2])
      expectClose(
        got.map((o) => o[line]!),
        ref.map((r) => r[line]!),
        9,
      );
  });

  it('RSI 14 equals the spreadsheet column', () => {
    expectClose(
      run({ kind: 'rsi', period: 14 }, closes).map((o) => o[0]!),
      referenceRsi(closes, 14),
      9,
    );
  });

  it('session VWAP restarts at the UTC day boundary', () => {
    const rows = closes.slice(0, 60).map((c, i) => ({
      t: Date.UTC(2026, 11, 3, 23, 59, 30) + i * 1000,
      typical: c,
      volume: 1 + (i % 7),
    }));
    const ind = createIndicator({ kind: 'vwap' });
    const got = rows.map((r) => {
      const out: number[] = [];
      ind.push({ ...r, close: r.typical }, out);
      return out[0]!;
    });
    expectClose(got, referenceVwap(rows), 9);
    // The first point of the new day is its own VWAP.
    expect(got[30]).toBeCloseTo(rows[30]!.typical, 12);
  });
});

describe('edge cases', () => {
  it('with fewer points than the period every output is undefined (NaN)', () => {
    for (const spec of [
      { kind: 'sma', period: 10 },
      { kind: 'ema', period: 10 },
      { kind: 'rsi', period: 10 },
      { kind: 'bollinger', period: 10, stdDev: 2 },
    ] as const) {
      expect(run(spec, closes.slice(0, 9)).flat().every(Number.isNaN), spec.kind).toBe(true);
    }
  });

  it('a gap (non-finite close) gives NaN there and leaves the state as it was', () => {
    const withGaps = closes.slice(0, 80);
    withGaps.splice(30, 0, NaN);
    withGaps.splice(50, 0, NaN, NaN);
    const gapless = withGaps.filter(Number.isFinite);
    for (const spec of [
      { kind: 'sma', period: 7 },
      { kind: 'ema', period: 7 },
      { kind: 'rsi', period: 7 },
      { kind: 'bollinger', period: 7, stdDev: 2 },
    ] as const) {
      const got = run(spec, withGaps);
      expect(got[30]!.every(Number.isNaN), spec.kind).toBe(true);
      expect(got.filter((_, i) => Number.isFinite(withGaps[i]))).toEqual(run(spec, gapless));
    }
  });

  it('a constant series has collapsed bands, not NaN from a negative variance', () => {
    const out = run({ kind: 'bollinger', period: 20, stdDev: 2 }, Array(40).fill(101.37)).at(-1)!;
    expect(out).toEqual([101.37, 101.37, 101.37]);
  });

  it('a reset (a snapshot that replaces history) starts over as a fresh indicator', () => {
    const spec = { kind: 'ema', period: 5 } as const;
    const ind = createIndicator(spec);
    const out: number[] = [];
    closes.slice(0, 50).forEach((c, i) => ind.push(input(c, i), out));
    ind.reset();
    const replay = closes.slice(100, 120).map((c, i) => {
      const o: number[] = [];
      ind.push(input(c, i), o);
      return o;
    });
    expect(replay).toEqual(run(spec, closes.slice(100, 120)));
  });

  it('peek gives what push would, and changes nothing (a bar still forming)', () => {
    for (const spec of [
      { kind: 'sma', period: 4 },
      { kind: 'ema', period: 4 },
      { kind: 'rsi', period: 4 },
      { kind: 'bollinger', period: 4, stdDev: 2 },
      { kind: 'vwap' },
      { kind: 'volume' },
    ] as const) {
      const ind = createIndicator(spec);
      const reference = run(spec, closes.slice(0, 40));
      closes.slice(0, 40).forEach((c, i) => {
        const peeked: number[] = [];
        ind.peek(input(c + 5, i), peeked); // a tentative value, then the final one
        ind.peek(input(c, i), peeked);
        const pushed: number[] = [];
        ind.push(input(c, i), pushed);
        expect(peeked, `${spec.kind} row ${i}`).toEqual(pushed);
        expect(pushed).toEqual(reference[i]);
      });
    }
  });

  it('stays exact over a long series (no drift in the running sums)', () => {
    const long = randomWalk(100_000, 30_000, 3);
    const got = run({ kind: 'bollinger', period: 50, stdDev: 2 }, long).at(-1)!;
    const ref = referenceBollinger(long.slice(-50), 50, 2).at(-1)!;
    got.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 6));
  });
});
