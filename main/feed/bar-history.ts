/**
 * Answers a page's request for older bars (a `history:prices` request with a bar interval):
 * the bars the engine holds of that interval, and, before the oldest of those, bars built from
 * the price series, which reaches further back. The series keeps each 50 ms bucket's first,
 * extreme and last prices, so a built bar's open, high, low and close are exact; its volume is
 * unknown (null). The newest `maxPoints` bars of the range are sent, so a reply is bounded.
 */
import type { BarHistory, PriceHistoryRequest } from '../../protocol/price-history';
import type { BarIntervalMs } from '../../protocol/batch';
import type { ColumnarRing } from '../../shared/columnar-ring';
import type { MarketState } from './market-state';
import { BAR_C, BAR_H, BAR_L, BAR_O, BAR_T, BAR_V } from './market-bars';
import { SERIES_PRICE, SERIES_T } from './market-history';

interface Columns {
  t: number[];
  o: number[];
  h: number[];
  l: number[];
  c: number[];
  v: (number | null)[];
}

const empty = (): Columns => ({ t: [], o: [], h: [], l: [], c: [], v: [] });

/** Bars of `intervalMs` built from the series points with `from <= t < to`. */
function barsFromSeries(
  series: ColumnarRing,
  intervalMs: number,
  from: number,
  to: number,
  out: Columns,
): void {
  let i = series.lowerBound(from);
  const end = series.lowerBound(to);
  // A ring that has dropped points may hold only the tail of its first bar: skip that bar.
  const skipOpen =
    series.start > 0 && i === series.start && i < end
      ? series.at(i, SERIES_T) - (series.at(i, SERIES_T) % intervalMs)
      : NaN;
  for (; i < end; i++) {
    const t = series.at(i, SERIES_T);
    const p = series.at(i, SERIES_PRICE);
    if (!Number.isFinite(p)) continue; // a break in the line (a halt), not a price
    const open = t - (t % intervalMs);
    if (open === skipOpen) continue;
    const last = out.t.length - 1;
    if (last >= 0 && out.t[last] === open) {
      if (p > out.h[last]!) out.h[last] = p;
      if (p < out.l[last]!) out.l[last] = p;
      out.c[last] = p;
    } else {
      out.t.push(open);
      out.o.push(p);
      out.h.push(p);
      out.l.push(p);
      out.c.push(p);
      out.v.push(null);
    }
  }
}

export function barHistory(
  state: MarketState | undefined,
  request: PriceHistoryRequest & { readonly barIntervalMs: BarIntervalMs },
): BarHistory {
  const { from, to, maxPoints, barIntervalMs } = request;
  const out = empty();
  if (state === undefined) return out;
  const ring = state.bars.find((b) => b.intervalMs === barIntervalMs)!.ring;
  const held = ring.length > 0 ? ring.at(ring.start, BAR_T) : Infinity;
  // Before the bars held, from the series (bars open on interval boundaries, so none overlaps).
  if (from < held) barsFromSeries(state.series, barIntervalMs, from, Math.min(to, held), out);
  for (let i = ring.lowerBound(from), end = ring.lowerBound(to); i < end; i++) {
    out.t.push(ring.at(i, BAR_T));
    out.o.push(ring.at(i, BAR_O));
    out.h.push(ring.at(i, BAR_H));
    out.l.push(ring.at(i, BAR_L));
    out.c.push(ring.at(i, BAR_C));
    out.v.push(ring.at(i, BAR_V));
  }
  const cut = Math.max(0, out.t.length - maxPoints);
  if (cut === 0) return out;
  return {
    t: out.t.slice(cut),
    o: out.o.slice(cut),
    h: out.h.slice(cut),
    l: out.l.slice(cut),
    c: out.c.slice(cut),
    v: out.v.slice(cut),
  };
}
