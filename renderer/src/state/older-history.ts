/**
 * Older price history on request (protocol/price-history.ts): when a chart's view reaches back
 * to the oldest point the page holds, the engine is asked for what its rings hold before it,
 * and the points are merged in before the page's own, so the user can pan further back.
 */
import type { PriceHistory, PriceHistoryRequest } from '../../../protocol/price-history';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import type { ChartView } from '../charts/chart-view';
import { viewBounds } from '../charts/time-window';
import { PRICE, type SeriesStore } from './series-store';

/** Points asked for at once: a screen's width of detail, several times over. */
export const HISTORY_REQUEST_POINTS = 2_000;
/** How far back one request reaches, in view spans (at least {@link MIN_LOOKBACK_MS}). */
export const LOOKBACK_SPANS = 4;
export const MIN_LOOKBACK_MS = 60_000;
/** The view "reaches" the oldest point when its start is this close to it, as a span fraction. */
const NEAR_OLDEST_FRACTION = 0.05;

/**
 * Puts `t`/`price` (oldest first) before the ring's first point: only the points older than it,
 * and of those only the newest that fit the room left (the ring keeps its capacity, so the
 * live end is never pushed out). Returns how many went in.
 */
export function prependOlder(
  ring: ColumnarRing,
  t: readonly number[],
  price: readonly number[],
): number {
  const first = ring.length > 0 ? ring.at(ring.start, PRICE.t) : Infinity;
  let older = 0;
  while (older < t.length && t[older]! < first) older++;
  const from = Math.max(0, older - (ring.capacity - ring.length));
  if (older - from <= 0) return 0;
  const heldT = ring.slice(PRICE.t, ring.start);
  const heldPrice = ring.slice(PRICE.price, ring.start);
  // A ring only appends: rebuilt in time order. The clear tells charts to redraw it whole.
  ring.clear();
  for (let i = from; i < older; i++) ring.push(t[i]!, price[i]!);
  for (let i = 0; i < heldT.length; i++) ring.push(heldT[i]!, heldPrice[i]!);
  return older - from;
}

export class OlderHistory {
  private readonly inFlight = new Set<string>();
  /** The oldest time held when the engine last had nothing older, per instrument. */
  private readonly exhaustedAt = new Map<string, number>();

  constructor(
    private readonly request: (request: PriceHistoryRequest) => Promise<PriceHistory>,
    private readonly store: SeriesStore,
  ) {}

  /**
   * The view of `id` now starts at `viewStart` and spans `spanMs`: when that reaches the
   * oldest point held, asks for what lies before it (one request per instrument at a time,
   * none again while the engine had nothing older than the same point).
   */
  viewMoved(id: string, viewStart: number, spanMs: number): Promise<void> {
    const ring = this.store.price(id);
    if (ring.length === 0 || this.inFlight.has(id)) return Promise.resolve();
    const oldest = ring.at(ring.start, PRICE.t);
    if (viewStart > oldest + spanMs * NEAR_OLDEST_FRACTION) return Promise.resolve();
    if (this.exhaustedAt.get(id) === oldest) return Promise.resolve();
    const lookback = Math.max(MIN_LOOKBACK_MS, spanMs * LOOKBACK_SPANS);
    const from = Math.max(0, Math.floor(oldest - lookback));
    const to = Math.floor(oldest);
    if (to <= from) return Promise.resolve();
    this.inFlight.add(id);
    const generation = ring.generation;
    return this.request({ id, from, to, maxPoints: HISTORY_REQUEST_POINTS })
      .then((reply) => {
        // A reset (a new source, a seek) since the request: its points may not belong here.
        if (ring.generation !== generation) return;
        if (prependOlder(ring, reply.t, reply.price) === 0) this.exhaustedAt.set(id, oldest);
      })
      .catch(() => {
        // Refused (the engine went away, a new source): not asked again at this point.
        this.exhaustedAt.set(id, oldest);
      })
      .finally(() => this.inFlight.delete(id));
  }

  /** Calls {@link viewMoved} on every change of `view`; returns the unsubscribe. */
  watch(view: ChartView, id: string, ring: () => ColumnarRing, windowMs: () => number): () => void {
    return view.subscribe(() => {
      const b = viewBounds(ring(), windowMs());
      if (b === undefined || view.following) return;
      const r = view.range(b.live);
      void this.viewMoved(id, r.start, r.end - r.start);
    });
  }
}
