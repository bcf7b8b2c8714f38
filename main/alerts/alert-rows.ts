/**
 * Every indexed instrument's hot numbers in one Float64Array, a row each (made, given back and
 * written by the rules: AlertRowTable), and the tick path that reads them: the event clock,
 * when the first cooling rule re-arms, the spread rules' lowest threshold, and per price (last
 * trade, quote mid) the last price, its quiet band (where none of its rules can fire) and its
 * log of ticks for its move windows. A tick that fires nothing reads its row, appends to its
 * price's log (a trade adds to its volume sums too, which keep their own SumWindows), and never
 * reads the instrument's rule objects (InstrumentAlerts, PriceRules, SortedRules) nor its
 * windows: those are reached only when a price leaves its band or its log is full, or a volume
 * sum's bound or a spread passes its lowest threshold. Before, a quiet tick read the index and
 * price objects and the boxed doubles of their number fields, a few cache lines each, for 1,000
 * instruments hit at random (docs/PERFORMANCE.md "Alerts at scale", 5 Dec fifth session), and
 * then pushed into each window's ring, two lines more a window ("the pushes logged").
 */
import type { Tick } from '../../protocol/feed';
import { priceDifference } from '../../shared/price-decimals';
import * as layout from './alert-row-layout';
import type { PriceAt } from './alert-row-layout';
import { AlertRowTable } from './alert-row-table';
import type { InstrumentAlerts } from './instrument-alerts';

// The layout's offsets as this module's own constants: V8's optimiser folds a module's own
// `const`, but loads an imported binding, and checks it is initialised, at each use (as in
// extrema-rings.ts, whose push read 1.11x with its offsets imported, run from source).
const { BAND_HIGH, BAND_LOW, CLOCK, HIGH, LAST, LOG, LOG_ENTRIES, LOW, MID, PREV } = layout;
const { REARM_AT, SPREAD_LEAST, STRIDE } = layout;

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

  /**
   * A tick's price `v`: logged for its windows, and handed to its rules only when it leaves its
   * quiet band or passes the highest or lowest price the band was set from.
   */
  private onPrice(r: number, p: PriceAt, tick: Tick, v: number, at: number): void {
    const buf = this.buf;
    const ints = this.ints;
    const o = STRIDE * r + p;
    const prev = buf[o + PREV] as number;
    buf[o + PREV] = v;
    const count = ints[2 * (o + LOG)] as number;
    if (count >= 0) {
      const e = (ints[2 * (o + LOG) + 1] as number) + 2 * count;
      this.log[e] = at;
      this.log[e + 1] = v;
      ints[2 * (o + LOG)] = count + 1;
    }
    if (!(
      v > (buf[o + BAND_LOW] as number) &&
      v < (buf[o + BAND_HIGH] as number) &&
      v <= (buf[o + HIGH] as number) &&
      v >= (buf[o + LOW] as number)
    ))
      this.index(r).onPriceOut(p, prev, tick, v, at);
    else if (count + 1 === LOG_ENTRIES) this.index(r).resyncPrice(p);
  }

  private index(r: number): InstrumentAlerts {
    return this.indexes[r] as InstrumentAlerts;
  }
}
