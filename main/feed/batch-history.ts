/**
 * The history parts of a batch, from where a consumer's cursor stands: new series points of a
 * market (thinned to the batcher's limit for it, min/max kept), its bars opened or
 * updated, and a match's row with its new odds points and incidents. Columnar arrays read
 * straight from the rings: no index list unless thinning picks rows.
 */
import type { BarDelta, MatchRow, SeriesDelta } from '../../protocol/batch';
import { MAX_SERIES_POINTS_PER_BATCH } from '../../protocol/batch';
import type { ColumnarRing } from '../../shared/columnar-ring';
import type { Cursor } from './batch-cursor';
import type { MarketState } from './market-state';
import { BAR_C, BAR_H, BAR_L, BAR_O, BAR_T, BAR_V } from './market-bars';
import { SERIES_PRICE, SERIES_T } from './market-history';
import type { MatchState } from './match-state';
import { ODDS_AWAY, ODDS_CLOCK, ODDS_DRAW, ODDS_HOME } from './match-state';
import { thinIndices } from './thin';

/**
 * Rows [from, end) of `col`, or the rows `picked` names when thinning chose some, in an array
 * sized once: a pushed array starts with room for 17, and most deltas hold one or two rows
 * (a bar updated in place), so at 5,000 instruments the pushed copies were most of a batch's
 * garbage.
 */
function column(
  ring: ColumnarRing,
  from: number,
  picked: readonly number[] | null,
  col: number,
): number[] {
  if (picked !== null) {
    const out = new Array<number>(picked.length);
    for (let k = 0; k < picked.length; k++) out[k] = ring.at(picked[k]!, col);
    return out;
  }
  const start = Math.max(from, ring.start);
  const out = new Array<number>(Math.max(0, ring.end - start));
  for (let i = start; i < ring.end; i++) out[i - start] = ring.at(i, col);
  return out;
}

/**
 * Appends the series points `cursor` has not seen to `out`, at most `maxPoints` of them (more
 * are thinned, min/max kept), and moves it past them.
 */
export function addSeries(
  id: string,
  state: MarketState,
  cursor: Cursor,
  out: SeriesDelta[],
  maxPoints: number,
): void {
  const ring = state.series;
  const from = Math.max(cursor.pointsEnd, ring.start);
  cursor.pointsEnd = ring.end;
  if (ring.end <= from) return;
  const picked =
    ring.end - from <= maxPoints
      ? null
      : thinIndices(from, ring.end, maxPoints, (i) => ring.at(i, SERIES_PRICE));
  if (picked !== null) cursor.thinned = true;
  out.push({
    id,
    t: column(ring, from, picked, SERIES_T),
    price: column(ring, from, picked, SERIES_PRICE),
  });
}

/** Appends, per interval, the bars opened or updated since `cursor` last saw them. */
export function addBars(id: string, state: MarketState, cursor: Cursor, out: BarDelta[]): void {
  const intervals = state.bars;
  for (let k = 0; k < intervals.length; k++) {
    const bars = intervals[k]!;
    if (cursor.barUpdates[k] === bars.updates) continue;
    cursor.barUpdates[k] = bars.updates;
    const ring = bars.ring;
    // Re-send the bar that was newest last time: it may have changed since.
    const seen = cursor.barEnds[k] ?? 0;
    const from = seen === 0 ? ring.start : Math.max(ring.start, seen - 1);
    // Bars went by that the ring no longer holds (the consumer was not shown them).
    const replace = seen > 0 && seen - 1 < ring.start;
    cursor.barEnds[k] = ring.end;
    if (ring.end <= from) continue;
    out.push({
      id,
      intervalMs: bars.intervalMs,
      ...(replace ? { replace } : {}),
      t: column(ring, from, null, BAR_T),
      o: column(ring, from, null, BAR_O),
      h: column(ring, from, null, BAR_H),
      l: column(ring, from, null, BAR_L),
      c: column(ring, from, null, BAR_C),
      v: column(ring, from, null, BAR_V),
    });
  }
}

/** A match's row: its latest state, and the odds points and incidents `cursor` has not seen. */
export function matchRowOf(id: string, state: MatchState, cursor: Cursor): MatchRow {
  const odds = state.odds;
  const from = Math.max(cursor.pointsEnd, odds.start);
  cursor.pointsEnd = odds.end;
  const picked =
    odds.end - from <= MAX_SERIES_POINTS_PER_BATCH
      ? null
      : thinIndices(from, odds.end, MAX_SERIES_POINTS_PER_BATCH);
  const newIncidents = state.incidentsSince(cursor.incidentsEnd);
  cursor.incidentsEnd = state.incidentsEnd;
  return {
    id,
    status: state.status,
    home: state.home,
    away: state.away,
    clockMs: state.clockMs,
    running: state.running,
    odds: state.latestOdds(),
    oddsDelta: {
      clockMs: column(odds, from, picked, ODDS_CLOCK),
      home: column(odds, from, picked, ODDS_HOME),
      draw: column(odds, from, picked, ODDS_DRAW),
      away: column(odds, from, picked, ODDS_AWAY),
    },
    newIncidents,
  };
}
