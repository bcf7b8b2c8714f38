/**
 * Chart series, kept in ring buffers outside reactive state. The dashboard folds each batch's
 * deltas in here; chart wrappers read what is new on the next animation frame.
 */
import type { Batch, BarDelta, BarIntervalMs } from '../../../protocol/batch';
import { SeriesRing } from './ring-buffer';

/** Price points kept per instrument: 15 minutes at a busy ~20 points/s. */
export const PRICE_POINTS_PER_INSTRUMENT = 20_000;
/** Bars kept per instrument and interval. */
export const BARS_PER_SERIES = 600;
/** Odds points kept per match (a 95-minute match at ~1 point/s). */
export const ODDS_POINTS_PER_MATCH = 6_000;

/** Columns of a price ring. */
export const PRICE = { t: 0, price: 1 } as const;
/** Columns of a bar ring. */
export const BAR = { t: 0, o: 1, h: 2, l: 3, c: 4, v: 5 } as const;
/** Columns of an odds ring. */
export const ODDS = { clockMs: 0, home: 1, draw: 2, away: 3 } as const;

export class SeriesStore {
  readonly prices = new Map<string, SeriesRing>();
  readonly bars = new Map<string, SeriesRing>();
  readonly odds = new Map<string, SeriesRing>();

  /** Price ring of an instrument (created empty on first use). */
  price(id: string): SeriesRing {
    let ring = this.prices.get(id);
    if (!ring) this.prices.set(id, (ring = new SeriesRing(PRICE_POINTS_PER_INSTRUMENT, 2)));
    return ring;
  }

  /** Bar ring of an instrument at one interval. */
  bar(id: string, intervalMs: BarIntervalMs): SeriesRing {
    const key = `${id}@${intervalMs}`;
    let ring = this.bars.get(key);
    if (!ring) this.bars.set(key, (ring = new SeriesRing(BARS_PER_SERIES, 6)));
    return ring;
  }

  /** Odds ring of a match. */
  matchOdds(id: string): SeriesRing {
    let ring = this.odds.get(id);
    if (!ring) this.odds.set(id, (ring = new SeriesRing(ODDS_POINTS_PER_MATCH, 4)));
    return ring;
  }

  /** Drops everything (a reset batch). Rings are cleared, not replaced, so charts keep them. */
  clear(): void {
    for (const map of [this.prices, this.bars, this.odds]) for (const r of map.values()) r.clear();
  }

  /** Folds a batch's series, bars and odds deltas in. */
  apply(batch: Batch): void {
    if (batch.reset) this.clear();
    for (const s of batch.series) {
      const ring = this.price(s.id);
      let lastT = ring.total > 0 ? ring.last(PRICE.t) : -Infinity;
      for (let i = 0; i < s.t.length; i++) {
        const t = s.t[i]!;
        // Time must not run backwards within a ring: binary search depends on it.
        if (t < lastT) continue;
        ring.push(t, s.price[i]!);
        lastT = t;
      }
    }
    for (const b of batch.bars) this.applyBars(b);
    for (const m of batch.sports) {
      const d = m.oddsDelta;
      if (d.clockMs.length === 0) continue;
      const ring = this.matchOdds(m.id);
      for (let i = 0; i < d.clockMs.length; i++) {
        const clock = d.clockMs[i]!;
        if (ring.total > 0 && clock < ring.last(ODDS.clockMs)) ring.clear(); // a new match
        ring.push(clock, d.home[i]!, d.draw[i]!, d.away[i]!);
      }
    }
  }

  private applyBars(b: BarDelta): void {
    const ring = this.bar(b.id, b.intervalMs);
    for (let i = 0; i < b.t.length; i++) {
      const t = b.t[i]!;
      const values = [t, b.o[i]!, b.h[i]!, b.l[i]!, b.c[i]!, b.v[i]!];
      const lastT = ring.total > 0 ? ring.last(BAR.t) : -Infinity;
      if (t === lastT) ring.replaceLast(...values);
      else if (t > lastT) ring.push(...values);
    }
  }
}
