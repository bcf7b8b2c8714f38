/**
 * Chart series, kept in ring buffers outside reactive state. The dashboard folds each batch's
 * deltas in here; chart wrappers read what is new on the next animation frame.
 *
 * History is budgeted by the rule the engine uses too (shared/history-budget.ts): with a few
 * dozen instruments each keeps its full history, with thousands each keeps a share of a fixed
 * total (never less than a sparkline and a screen of candles need), so memory stays bounded by
 * the budget, not by the instrument count. Charted ("pinned") instruments always keep their
 * full history.
 */
import {
  BAR_INTERVALS_MS,
  type Batch,
  type BarDelta,
  type BarIntervalMs,
} from '../../../protocol/batch';
import { ColumnarRing } from '../../../shared/columnar-ring';
import { SERIES_FLOOR_POINTS, historyShare } from '../../../shared/history-budget';

/** Price points kept per instrument: 15 minutes at a busy ~20 points/s. */
export const PRICE_POINTS_PER_INSTRUMENT = 20_000;
/** Price points shared by all instruments: 2M points × 16 bytes = 32 MB. */
export const PRICE_POINTS_BUDGET = 2_000_000;
/** Bars kept per instrument and interval. */
export const BARS_PER_SERIES = 600;
/** Bars per interval shared by all instruments: 300k bars × 48 bytes = 14 MB. */
export const BARS_BUDGET = 300_000;
/** Fewest bars an instrument keeps per interval: more than the candle chart's 90. */
export const MIN_BARS_PER_SERIES = 128;
/** Odds points kept per match (a 95-minute match at ~1 point/s). */
export const ODDS_POINTS_PER_MATCH = 6_000;

/** Columns of a price ring. */
export const PRICE = { t: 0, price: 1 } as const;
/** Columns of a bar ring. */
export const BAR = { t: 0, o: 1, h: 2, l: 3, c: 4, v: 5 } as const;
/** Columns of an odds ring. */
export const ODDS = { clockMs: 0, home: 1, draw: 2, away: 3 } as const;

export class SeriesStore {
  readonly prices = new Map<string, ColumnarRing>();
  readonly bars = new Map<string, ColumnarRing>();
  readonly odds = new Map<string, ColumnarRing>();
  private pricePoints = PRICE_POINTS_PER_INSTRUMENT;
  private barsPerSeries = BARS_PER_SERIES;
  private pinned: ReadonlySet<string> = new Set();
  private readonly sessionRings = new Map<string, readonly ColumnarRing[]>();

  /** Price ring of an instrument (created empty on first use). */
  price(id: string): ColumnarRing {
    let ring = this.prices.get(id);
    if (!ring) this.prices.set(id, (ring = new ColumnarRing(this.priceCap(id), 2)));
    return ring;
  }

  /** Bar ring of an instrument at one interval. */
  bar(id: string, intervalMs: BarIntervalMs): ColumnarRing {
    const key = barKey(id, intervalMs);
    let ring = this.bars.get(key);
    if (!ring) this.bars.set(key, (ring = new ColumnarRing(this.barCap(id), 6)));
    return ring;
  }

  /**
   * Bar rings of an instrument, finest interval first (what a session sparkline draws from).
   * The same array for the same instrument, so a view can tell when it changed.
   */
  sessionBars(id: string): readonly ColumnarRing[] {
    let rings = this.sessionRings.get(id);
    if (!rings) {
      rings = BAR_INTERVALS_MS.map((ms) => this.bar(id, ms));
      this.sessionRings.set(id, rings);
    }
    return rings;
  }

  /** Shares the budgets among `count` instruments; existing rings shrink or may grow. */
  setInstrumentCount(count: number): void {
    const pricePoints = historyShare(
      count,
      PRICE_POINTS_BUDGET,
      SERIES_FLOOR_POINTS,
      PRICE_POINTS_PER_INSTRUMENT,
    );
    const barsPerSeries = historyShare(count, BARS_BUDGET, MIN_BARS_PER_SERIES, BARS_PER_SERIES);
    if (pricePoints === this.pricePoints && barsPerSeries === this.barsPerSeries) return;
    this.pricePoints = pricePoints;
    this.barsPerSeries = barsPerSeries;
    this.applyCaps();
  }

  /** Instruments on charts: they keep full history whatever the instrument count. */
  pin(ids: readonly string[]): void {
    if (ids.length === this.pinned.size && ids.every((id) => this.pinned.has(id))) return;
    this.pinned = new Set(ids);
    this.applyCaps();
  }

  /** Odds ring of a match. */
  matchOdds(id: string): ColumnarRing {
    let ring = this.odds.get(id);
    if (!ring) this.odds.set(id, (ring = new ColumnarRing(ODDS_POINTS_PER_MATCH, 4)));
    return ring;
  }

  /** Drops everything (a reset batch). Rings are cleared, not replaced, so charts keep them. */
  clear(): void {
    for (const map of [this.prices, this.bars, this.odds]) for (const r of map.values()) r.clear();
  }

  /** Drops what these instruments hold (their history restarts: `Batch.restarted`). */
  clearIds(ids: readonly string[]): void {
    for (const id of ids) {
      this.prices.get(id)?.clear();
      this.odds.get(id)?.clear();
      for (const ms of BAR_INTERVALS_MS) this.bars.get(barKey(id, ms))?.clear();
    }
  }

  /** Folds a batch's series, bars and odds deltas in. */
  apply(batch: Batch): void {
    if (batch.reset) this.clear();
    else if (batch.restarted) this.clearIds(batch.restarted);
    for (const s of batch.series) {
      const ring = this.price(s.id);
      let lastT = ring.end > 0 ? ring.last(PRICE.t) : -Infinity;
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
        if (ring.end > 0 && clock < ring.last(ODDS.clockMs)) ring.clear(); // a new match
        ring.push(clock, d.home[i]!, d.draw[i]!, d.away[i]!);
      }
    }
  }

  private priceCap(id: string): number {
    return this.pinned.has(id) ? PRICE_POINTS_PER_INSTRUMENT : this.pricePoints;
  }

  private barCap(id: string): number {
    return this.pinned.has(id) ? BARS_PER_SERIES : this.barsPerSeries;
  }

  private applyCaps(): void {
    for (const [id, ring] of this.prices) ring.setCapacity(this.priceCap(id));
    for (const [key, ring] of this.bars) ring.setCapacity(this.barCap(idOfBarKey(key)));
  }

  private applyBars(b: BarDelta): void {
    const ring = this.bar(b.id, b.intervalMs);
    if (b.replace) ring.clear();
    for (let i = 0; i < b.t.length; i++) {
      const t = b.t[i]!;
      const lastT = ring.end > 0 ? ring.last(BAR.t) : -Infinity;
      if (t > lastT) ring.push(t, b.o[i]!, b.h[i]!, b.l[i]!, b.c[i]!, b.v[i]!);
      else if (t === lastT) {
        // The bar is still forming: rewrite it in place.
        ring.setLast(BAR.o, b.o[i]!);
        ring.setLast(BAR.h, b.h[i]!);
        ring.setLast(BAR.l, b.l[i]!);
        ring.setLast(BAR.c, b.c[i]!);
        ring.setLast(BAR.v, b.v[i]!);
      }
    }
  }
}

function barKey(id: string, intervalMs: BarIntervalMs): string {
  return `${id}@${intervalMs}`;
}

function idOfBarKey(key: string): string {
  return key.slice(0, key.lastIndexOf('@'));
}
