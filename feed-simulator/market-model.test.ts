import { describe, expect, it } from 'vitest';
import type { QuoteTick, Tick, TradeTick } from '../protocol/feed';
import { IntervalTicks } from './interval-ticks';
import { MarketModel, type MarketConditions } from './market-model';
import { Rng } from './rng';

const STEP_MS = 10;
const CALM: MarketConditions = {
  halted: () => false,
  shockLogReturn: () => 0,
  spreadMultiplier: () => 1,
};

function run(
  model: MarketModel,
  steps: number,
  meanEvents: number,
  conditions = CALM,
): readonly Tick[] {
  const interval = new IntervalTicks();
  interval.ids = model.instruments.map((i) => i.id);
  for (let s = 0; s < steps; s++)
    model.step(STEP_MS, meanEvents, conditions, s * STEP_MS, interval);
  return interval.ticks;
}

function onGrid(price: number, tickSize: number): boolean {
  const ticks = price / tickSize;
  return Math.abs(ticks - Math.round(ticks)) < 1e-6;
}

describe('market model', () => {
  it('keeps every price positive and on the tick size, even through a 99% crash', () => {
    const model = new MarketModel(12, new Rng(3));
    const crash: MarketConditions = {
      ...CALM,
      shockLogReturn: () => Math.log(0.01) / 200,
      spreadMultiplier: () => 8,
    };
    const ticks = [...run(model, 2000, 20), ...run(model, 400, 20, crash)];
    const tickSize = new Map(model.instruments.map((i) => [i.id, i.tickSize]));
    expect(ticks.length).toBeGreaterThan(40_000);
    const wrong: string[] = [];
    for (const t of ticks) {
      const size = tickSize.get(t.instrument)!;
      const prices = t.kind === 'quote' ? [t.bid, t.ask] : [(t as TradeTick).price];
      // Shortest decimal form too: no 0.30000000000000004 on the wire.
      for (const p of prices) {
        if (!(p > 0) || !onGrid(p, size) || (String(p).split('.')[1]?.length ?? 0) > 2) {
          wrong.push(`${t.instrument} ${p} (tick ${size})`);
        }
      }
      if (t.kind === 'quote' && !(t.ask > t.bid))
        wrong.push(`${t.instrument} crossed ${t.bid}/${t.ask}`);
    }
    expect(wrong).toEqual([]);
  });

  it("numbers each instrument's events 1, 2, 3, ... and trades cross the spread", () => {
    const model = new MarketModel(5, new Rng(9));
    const ticks = run(model, 500, 10);
    const last = new Map<string, number>();
    const book = new Map<string, QuoteTick>();
    for (const t of ticks) {
      expect(t.seq).toBe((last.get(t.instrument) ?? 0) + 1);
      last.set(t.instrument, t.seq);
      if (t.kind === 'quote') book.set(t.instrument, t);
      if (t.kind === 'trade') {
        expect(Number.isInteger(t.size) && t.size >= 1).toBe(true);
        const q = book.get(t.instrument);
        if (q)
          expect(Math.abs(t.price - (t.side === 'buy' ? q.ask : q.bid)) / t.price).toBeLessThan(
            0.01,
          );
      }
    }
  });

  it('draws trades as a Poisson process with realistic sizes (median a few hundred, fat tail)', () => {
    const model = new MarketModel(1, new Rng(5));
    const perSecond: number[] = [];
    const sizes: number[] = [];
    for (let second = 0; second < 300; second++) {
      const ticks = run(model, 100, 0.4);
      const trades = ticks.filter((t): t is TradeTick => t.kind === 'trade');
      perSecond.push(trades.length);
      sizes.push(...trades.map((t) => t.size));
    }
    const mean = perSecond.reduce((a, b) => a + b, 0) / perSecond.length;
    const variance = perSecond.reduce((a, b) => a + (b - mean) ** 2, 0) / perSecond.length;
    expect(mean).toBeGreaterThan(7); // 40 events/s, a quarter of them trades
    expect(mean).toBeLessThan(13);
    expect(variance / mean).toBeGreaterThan(0.7); // Poisson: variance equals the mean
    expect(variance / mean).toBeLessThan(1.3);
    sizes.sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)]!;
    expect(median).toBeGreaterThan(100);
    expect(median).toBeLessThan(400);
    expect(sizes[Math.floor(sizes.length * 0.99)]!).toBeGreaterThan(2000);
  });

  it('moves instruments of one sector together and of different sectors independently', () => {
    const model = new MarketModel(10, new Rng(11)); // sectors round-robin: 0 and 5 share one
    const mids: number[][] = Array.from({ length: 10 }, () => []);
    const latest = new Map<string, number>();
    const index = new Map(model.instruments.map((inst, i) => [inst.id, i]));
    for (let sample = 0; sample < 150; sample++) {
      for (const t of run(model, 400, 10))
        if (t.kind === 'quote') latest.set(t.instrument, (t.bid + t.ask) / 2);
      for (const [id, mid] of latest) mids[index.get(id)!]!.push(mid);
    }
    const returns = (i: number) => mids[i]!.slice(1).map((m, k) => Math.log(m / mids[i]![k]!));
    const corr = (a: number[], b: number[]) => {
      const ma = a.reduce((x, y) => x + y, 0) / a.length;
      const mb = b.reduce((x, y) => x + y, 0) / b.length;
      let ab = 0,
        aa = 0,
        bb = 0;
      for (let k = 0; k < a.length; k++) {
        ab += (a[k]! - ma) * (b[k]! - mb);
        aa += (a[k]! - ma) ** 2;
        bb += (b[k]! - mb) ** 2;
      }
      return ab / Math.sqrt(aa * bb);
    };
    expect(corr(returns(0), returns(5))).toBeGreaterThan(0.35);
    expect(Math.abs(corr(returns(0), returns(1)))).toBeLessThan(0.25);
  });

  it('sends nothing for a halted instrument', () => {
    const model = new MarketModel(3, new Rng(1));
    const ticks = run(model, 300, 10, { ...CALM, halted: (i) => i === 1 });
    expect(ticks.some((t) => t.instrument === model.instruments[1]!.id)).toBe(false);
    expect(ticks.some((t) => t.instrument === model.instruments[0]!.id)).toBe(true);
  });
});
