/**
 * Every indexed instrument's hot numbers in one Float64Array, a row each (made, given back and
 * written by the rules: AlertRowTable), and the tick path that reads them: the event clock,
 * when the first cooling rule re-arms, the spread rules' lowest threshold, and per price (last
 * trade, quote mid) the last price, its quiet band and where its window highs and lows are in
 * the shared ExtremaRings. A tick that fires nothing then reads its row and pushes into its
 * price's rings (a trade into its volume sums too, which keep their own SumWindows), and never
 * reads the instrument's rule objects (InstrumentAlerts, PriceRules, SortedRules): those are
 * reached only when a price leaves its band, a window may reach a threshold, or a volume sum's
 * bound or a spread passes its lowest threshold. Before, a quiet tick read the index and price
 * objects and the boxed doubles of their number fields, a few cache lines each, for 1,000
 * instruments hit at random (docs/PERFORMANCE.md "Alerts at scale", 5 Dec fifth session).
 */
import type { Tick } from '../../protocol/feed';
import { priceDifference } from '../../shared/price-decimals';
import * as layout from './alert-row-layout';
import type { PriceAt } from './alert-row-layout';
import { AlertRowTable } from './alert-row-table';
import type { InstrumentAlerts } from './instrument-alerts';
import type { ExtremaWindows } from './tick-windows';

// The layout's offsets as this module's own constants: V8's optimiser folds a module's own
// `const`, but loads an imported binding, and checks it is initialised, at each use (as in
// extrema-rings.ts, whose push read 1.11x with its offsets imported, run from source).
const { BAND_HIGH, BAND_LOW, CLOCK, HIGHS, LAST, LOWS, MID, PREV } = layout;
const { REARM_AT, SPREAD_LEAST, STRIDE, WINDOWS } = layout;

/** The rows (AlertRowTable) and the tick that reads them. */
export class AlertRows extends AlertRowTable {
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
        // spread-above fires on spread > value, compared in the quote's decimals (float noise
        // would make a spread of exactly the value more than it), once it may fire at all.
        if (spread > (this.buf[b + SPREAD_LEAST] as number))
          this.index(r).onSpread(tick, priceDifference(ask, bid), at);
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
