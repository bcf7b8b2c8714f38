/**
 * Every indexed instrument's hot numbers in one Float64Array, a row each, and the tick path
 * that reads them: the event clock, when the first cooling rule re-arms, the spread rules'
 * lowest threshold, and per price (last trade, quote mid) the last price, its quiet band and
 * where its window highs and lows are in the shared ExtremaRings. A tick that fires nothing
 * then reads its row and pushes into its price's rings (a trade into its volume sums too,
 * which keep their own SumWindows), and never reads the instrument's rule objects
 * (InstrumentAlerts, PriceRules, SortedRules): those are reached only when a price leaves its
 * band, a window may reach a threshold, or a volume sum's bound or a spread passes its lowest
 * threshold. Before, a quiet tick read the index and price objects
 * and the boxed doubles of their number fields, a few cache lines each, for 1,000
 * instruments hit at random (docs/PERFORMANCE.md "Alerts at scale", 5 Dec fifth session).
 */
import type { Tick } from '../../protocol/feed';
import { ExtremaRings } from './extrema-rings';
import type { InstrumentAlerts } from './instrument-alerts';
import type { SumWindows } from './sum-windows';
import type { ExtremaWindows } from './tick-windows';

/**
 * Numbers a row: the fields below, padded to 128 bytes (where lines fall within a row depends on
 * the array's address: docs/PERFORMANCE.md, "Alerts at scale", 5 Dec sixth session).
 */
const STRIDE = 16;
const CLOCK = 0;
const REARM_AT = 1;
const SPREAD_LEAST = 2;
/** Where a price's numbers start in a row (the mid's beside the clock: 70 % of ticks are quotes). */
export const MID = 3;
export const LAST = 8;
/**
 * A price's numbers, from its start: the last price (NaN before the first), the quiet band,
 * and the offsets of its highs and lows in `rings` (-1: none), these two as 32-bit integers in
 * their numbers' first half (read through `ints`, so the push gets an integer, not a double).
 */
const PREV = 0;
const BAND_LOW = 1;
const BAND_HIGH = 2;
const HIGHS = 3;
const LOWS = 4;
/** Extrema windows a row (highs and lows of last, then of mid), in `windows`. */
const WINDOWS = 4;

export type PriceAt = typeof MID | typeof LAST;

export class AlertRows {
  /** Every row's window rings. */
  readonly rings = new ExtremaRings();
  private buf = new Float64Array(STRIDE * 64);
  /** The same memory as `buf`, for the ring offsets. */
  private ints = new Int32Array(this.buf.buffer);
  /**
   * Row r's windows at WINDOWS * r + (0 last highs, 1 last lows, 2 mid highs, 3 mid lows): the
   * handles the rules use when a window may fire; a tick pushes by the row's offsets.
   */
  private readonly windows: (ExtremaWindows | null)[] = [];
  private readonly volumes: (SumWindows | null)[] = [];
  private readonly indexes: (InstrumentAlerts | null)[] = [];
  private readonly free: number[] = [];

  /** A row for `index`, with no price yet and nothing to fire. */
  add(index: InstrumentAlerts): number {
    const r = this.free.pop() ?? this.indexes.length;
    if (r === this.indexes.length) {
      this.indexes.push(null);
      this.volumes.push(null);
      for (let k = 0; k < WINDOWS; k++) this.windows.push(null);
    }
    if (STRIDE * (r + 1) > this.buf.length) {
      const next = new Float64Array(2 * this.buf.length);
      next.set(this.buf);
      this.buf = next;
      this.ints = new Int32Array(next.buffer);
    }
    this.indexes[r] = index;
    this.resetClock(r);
    this.setRearmAt(r, Infinity);
    this.setSpreadLeast(r, Infinity);
    for (const p of [MID, LAST] as const) {
      this.setPrev(r, p, NaN);
      // No rules on a price yet: every move is quiet (its PriceRules narrows this when made).
      this.setBand(r, p, -Infinity, Infinity);
      this.setWindows(r, p, null, null);
    }
    return r;
  }

  /** Gives back row `r` (its index left the rule list). */
  release(r: number): void {
    this.indexes[r] = null;
    this.volumes[r] = null;
    for (let k = 0; k < WINDOWS; k++) {
      const windows = this.windows[WINDOWS * r + k];
      if (windows) this.rings.release(windows.at);
      this.windows[WINDOWS * r + k] = null;
    }
    this.free.push(r);
  }

  /** Price `p`'s windows (their rings in `rings`); call again after a ring gains a window. */
  setWindows(r: number, p: PriceAt, highs: ExtremaWindows | null, lows: ExtremaWindows | null) {
    const w = WINDOWS * r + (p === LAST ? 0 : 2);
    this.windows[w] = highs;
    this.windows[w + 1] = lows;
    this.ints[2 * (STRIDE * r + p + HIGHS)] = highs ? highs.at : -1;
    this.ints[2 * (STRIDE * r + p + LOWS)] = lows ? lows.at : -1;
  }

  setVolumes(r: number, volumes: SumWindows): void {
    this.volumes[r] = volumes;
  }

  resetClock(r: number): void {
    this.buf[STRIDE * r + CLOCK] = -Infinity;
  }

  setRearmAt(r: number, at: number): void {
    this.buf[STRIDE * r + REARM_AT] = at;
  }

  setSpreadLeast(r: number, least: number): void {
    this.buf[STRIDE * r + SPREAD_LEAST] = least;
  }

  setPrev(r: number, p: PriceAt, v: number): void {
    this.buf[STRIDE * r + p + PREV] = v;
  }

  /** The quiet band (low, high) of price `p`: a price strictly inside fires no level rule. */
  setBand(r: number, p: PriceAt, low: number, high: number): void {
    this.buf[STRIDE * r + p + BAND_LOW] = low;
    this.buf[STRIDE * r + p + BAND_HIGH] = high;
  }

  /** One tick of row r's instrument: fires what it meets, in the order the rules were checked before. */
  onTick(r: number, tick: Tick): void {
    const buf = this.buf;
    const b = STRIDE * r;
    const at = Math.max(buf[b + CLOCK] as number, tick.ts);
    buf[b + CLOCK] = at;
    if ((buf[b + REARM_AT] as number) <= at) this.index(r).rearm(at);
    switch (tick.kind) {
      case 'trade': {
        this.onPrice(r, LAST, tick, tick.price, at);
        const volumes = this.volumes[r];
        if (volumes?.push(at, tick.size)) this.index(r).onVolumes(tick, at);
        break;
      }
      case 'quote': {
        const bid = tick.bid;
        const ask = tick.ask;
        this.onPrice(r, MID, tick, (bid + ask) / 2, at);
        const spread = ask - bid;
        // spread-above fires on spread > value.
        if (spread > (this.buf[b + SPREAD_LEAST] as number))
          this.index(r).onSpread(tick, spread, at);
        break;
      }
      default:
        this.index(r).onEvent(tick, at);
    }
  }

  /** A tick's price `v`: its level rules when it left the band, then its windows. */
  private onPrice(r: number, p: PriceAt, tick: Tick, v: number, at: number): void {
    const buf = this.buf;
    const o = STRIDE * r + p;
    const prev = buf[o + PREV] as number;
    buf[o + PREV] = v;
    if (!(v > (buf[o + BAND_LOW] as number) && v < (buf[o + BAND_HIGH] as number)))
      this.index(r).onLevels(p, prev, tick, v, at);
    const rings = this.rings;
    const ints = this.ints;
    const highs = ints[2 * (o + HIGHS)] as number;
    if (highs >= 0) {
      const at2 = rings.push(highs, at, v);
      if (at2 !== highs) this.moved(r, p, HIGHS, at2);
      if (rings.mayReach(at2, v)) this.index(r).onDrops(p, this.handle(r, p, HIGHS), tick, v, at);
    }
    const lows = ints[2 * (o + LOWS)] as number;
    if (lows >= 0) {
      const at2 = rings.push(lows, at, v);
      if (at2 !== lows) this.moved(r, p, LOWS, at2);
      if (rings.mayReach(at2, v)) this.index(r).onRises(p, this.handle(r, p, LOWS), tick, v, at);
    }
  }

  /** The handle of a price's highs or lows. */
  private handle(r: number, p: PriceAt, which: typeof HIGHS | typeof LOWS): ExtremaWindows {
    const w = WINDOWS * r + (p === LAST ? 0 : 2) + (which === HIGHS ? 0 : 1);
    return this.windows[w] as ExtremaWindows;
  }

  /** A push grew a ring into a new region: the row and the handle follow it. */
  private moved(r: number, p: PriceAt, which: typeof HIGHS | typeof LOWS, at: number): void {
    this.ints[2 * (STRIDE * r + p + which)] = at;
    this.handle(r, p, which).at = at;
  }

  private index(r: number): InstrumentAlerts {
    return this.indexes[r] as InstrumentAlerts;
  }
}
