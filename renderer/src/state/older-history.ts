/**
 * Older history on request (protocol/price-history.ts): when a chart's view reaches back to
 * the oldest point, or the oldest candle, the page holds, the engine is asked for what its
 * rings hold before it, and the rows are merged in before the page's own, so the user can pan
 * further back. Requests are bounded (points or bars per request) and paced while the user
 * pans: one at a time per series, at most one every {@link MIN_REQUEST_GAP_MS}.
 */
import type { BarIntervalMs } from '../../../protocol/batch';
import type { PriceHistory, PriceHistoryRequest } from '../../../protocol/price-history';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import type { ChartView } from '../charts/chart-view';
import { viewBounds } from '../charts/time-window';
import { BARS_PER_SERIES, type SeriesStore } from './series-store';

/** Points asked for at once: a screen's width of detail, several times over. */
export const HISTORY_REQUEST_POINTS = 2_000;
/** Bars asked for at once: as many as a page's bar ring holds. */
export const HISTORY_REQUEST_BARS = BARS_PER_SERIES;
/** How far back one request reaches, in view spans (at least {@link MIN_LOOKBACK_MS}). */
export const LOOKBACK_SPANS = 4;
export const MIN_LOOKBACK_MS = 60_000;
/** Least time between two requests for one series, so a long pan does not flood the engine. */
export const MIN_REQUEST_GAP_MS = 250;
/** The view "reaches" the oldest point when its start is this close to it, as a span fraction. */
const NEAR_OLDEST_FRACTION = 0.05;

/**
 * Puts rows (`columns[k]` is column k, column 0 the time, oldest first) before the ring's
 * first row: only the rows older than it, and of those only the newest that fit the room left
 * (the ring keeps its capacity, so the live end is never pushed out). Returns how many went in.
 */
export function prependOlderRows(
  ring: ColumnarRing,
  columns: readonly (readonly number[])[],
): number {
  const t = columns[0]!;
  const first = ring.length > 0 ? ring.at(ring.start, 0) : Infinity;
  let older = 0;
  while (older < t.length && t[older]! < first) older++;
  const from = Math.max(0, older - (ring.capacity - ring.length));
  if (older - from <= 0) return 0;
  const held = columns.map((_, k) => ring.slice(k, ring.start));
  // Rows of up to six columns, as the ring's push takes them (a missing column is 0).
  const pushRow = (cols: readonly (readonly number[])[], i: number) =>
    ring.push(cols[0]![i]!, cols[1]?.[i], cols[2]?.[i], cols[3]?.[i], cols[4]?.[i], cols[5]?.[i]);
  // A ring only appends: rebuilt in time order. The clear tells charts to redraw it whole.
  ring.clear();
  for (let i = from; i < older; i++) pushRow(columns, i);
  for (let i = 0; i < held[0]!.length; i++) pushRow(held, i);
  return older - from;
}

/** {@link prependOlderRows} for a price ring's points. */
export function prependOlder(
  ring: ColumnarRing,
  t: readonly number[],
  price: readonly number[],
): number {
  return prependOlderRows(ring, [t, price]);
}

/** A reply's bars as bar-ring columns; a volume the engine does not know is NaN (a gap). */
function barColumns(reply: PriceHistory): number[][] {
  const b = reply.bars;
  if (!b) return [[]];
  return [[...b.t], [...b.o], [...b.h], [...b.l], [...b.c], b.v.map((v) => v ?? NaN)];
}

export class OlderHistory {
  private readonly inFlight = new Set<string>();
  /** The oldest time held when the engine last had nothing older, per series. */
  private readonly exhaustedAt = new Map<string, number>();
  private readonly askedAt = new Map<string, number>();
  /** A request held back by the pace, sent when it allows (the latest view wins). */
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly request: (request: PriceHistoryRequest) => Promise<PriceHistory>,
    private readonly store: SeriesStore,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The view of `id` now starts at `viewStart` and spans `spanMs`: when that reaches the
   * oldest point held, asks for what lies before it.
   */
  viewMoved(id: string, viewStart: number, spanMs: number): Promise<void> {
    return this.reach(id, this.store.price(id), viewStart, spanMs, (from, to) =>
      this.request({ id, from, to, maxPoints: HISTORY_REQUEST_POINTS }).then((reply) => [
        reply.t,
        reply.price,
      ]),
    );
  }

  /** As {@link viewMoved}, for the candles of `intervalMs`: asks for older bars. */
  barsViewMoved(
    id: string,
    intervalMs: BarIntervalMs,
    viewStart: number,
    spanMs: number,
  ): Promise<void> {
    const ring = this.store.bar(id, intervalMs);
    const request = { id, maxPoints: HISTORY_REQUEST_BARS, barIntervalMs: intervalMs };
    return this.reach(`${id}@${intervalMs}`, ring, viewStart, spanMs, (from, to) =>
      this.request({ ...request, from, to }).then(barColumns),
    );
  }

  /**
   * Asks `fetch` for the rows (as columns) that lie before `ring`'s oldest row, when the view
   * reaches it, and merges them in: one request per series at a time, paced, and none again
   * while the engine had nothing older than the same row.
   */
  private reach(
    key: string,
    ring: ColumnarRing,
    viewStart: number,
    spanMs: number,
    fetch: (from: number, to: number) => Promise<readonly (readonly number[])[]>,
  ): Promise<void> {
    if (ring.length === 0 || this.inFlight.has(key)) return Promise.resolve();
    const oldest = ring.at(ring.start, 0);
    if (viewStart > oldest + spanMs * NEAR_OLDEST_FRACTION) return Promise.resolve();
    if (this.exhaustedAt.get(key) === oldest) return Promise.resolve();
    const lookback = Math.max(MIN_LOOKBACK_MS, spanMs * LOOKBACK_SPANS);
    const from = Math.max(0, Math.floor(oldest - lookback));
    const to = Math.floor(oldest);
    if (to <= from) return Promise.resolve();
    const wait = (this.askedAt.get(key) ?? -Infinity) + MIN_REQUEST_GAP_MS - this.now();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    if (wait > 0) {
      this.pending.set(
        key,
        setTimeout(() => {
          this.pending.delete(key);
          void this.reach(key, ring, viewStart, spanMs, fetch);
        }, wait),
      );
      return Promise.resolve();
    }
    this.inFlight.add(key);
    this.askedAt.set(key, this.now());
    const generation = ring.generation;
    return fetch(from, to)
      .then((columns) => {
        // A reset (a new source, a seek) since the request: its rows may not belong here.
        if (ring.generation !== generation) return;
        if (prependOlderRows(ring, columns) === 0) this.exhaustedAt.set(key, oldest);
      })
      .catch(() => {
        // Refused (the engine went away, a new source): not asked again at this point.
        this.exhaustedAt.set(key, oldest);
      })
      .finally(() => this.inFlight.delete(key));
  }

  /**
   * Calls {@link viewMoved} (and {@link barsViewMoved} for the candles of `barIntervalMs`)
   * on every change of `view`; returns the unsubscribe.
   */
  watch(
    view: ChartView,
    id: string,
    ring: () => ColumnarRing,
    windowMs: () => number,
    barIntervalMs?: () => BarIntervalMs,
  ): () => void {
    return view.subscribe(() => {
      const b = viewBounds(ring(), windowMs());
      if (b === undefined || view.following) return;
      const r = view.range(b.live);
      void this.viewMoved(id, r.start, r.end - r.start);
      if (barIntervalMs) void this.barsViewMoved(id, barIntervalMs(), r.start, r.end - r.start);
    });
  }
}
