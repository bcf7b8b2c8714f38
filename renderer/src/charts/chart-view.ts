/**
 * What time range an instrument's charts show: following the live edge (the default), or a range
 * the user zoomed or panned to, which stays put while data streams in. The price line and the
 * candles share one view, so they zoom and pan together. Pure: the wheel, pinch and drag
 * (chartjs-plugin-zoom) and the keyboard all end in `setRange`, `pan` or `zoom` here.
 */
import type { TimeRange } from './time-window';

/** Narrowest span a zoom reaches. */
export const MIN_ZOOM_SPAN_MS = 5_000;
/** The right edge counts as live within this fraction of the span from the newest point. */
const LIVE_EDGE_FRACTION = 0.02;
/** What one arrow key press pans, as a fraction of the span. */
export const KEY_PAN_FRACTION = 0.1;
/** What one + or − press zooms by. */
export const KEY_ZOOM_FACTOR = 1.25;

/** The data a view is clamped to: the live window, and the oldest time the page holds. */
export interface ViewBounds {
  readonly live: TimeRange;
  readonly oldest: number;
}

export class ChartView {
  /** Span while following, when the user zoomed; null for the live window's own span. */
  private spanMs: number | null = null;
  /** The range held while panned away from the live edge; null while following. */
  private held: TimeRange | null = null;
  /** The time range picked for the charts, as `pickRange` last had it. */
  private picked: string | undefined;
  private readonly listeners = new Set<() => void>();
  /** Rises on every change, so a chart knows to redraw. */
  version = 0;

  get following(): boolean {
    return this.held === null;
  }

  /** The range to draw given the data's live window. */
  range(live: TimeRange): TimeRange {
    if (this.held) return this.held;
    if (this.spanMs === null) return live;
    return { start: live.end - this.spanMs, end: live.end };
  }

  /**
   * A range the user zoomed or panned to. Its right edge at (or past) the newest point keeps the
   * view following at the new span; anywhere else holds it.
   */
  setRange(start: number, end: number, b: ViewBounds): void {
    const liveSpan = b.live.end - b.live.start;
    const maxSpan = Math.max(liveSpan, b.live.end - b.oldest, MIN_ZOOM_SPAN_MS);
    const span = Math.min(maxSpan, Math.max(MIN_ZOOM_SPAN_MS, end - start));
    const mid = (start + end) / 2;
    let s = mid - span / 2;
    let e = mid + span / 2;
    // Never past the newest point, never before the oldest one held (less than a span of data
    // held: the span ends at the newest point).
    if (e > b.live.end) [s, e] = [b.live.end - span, b.live.end];
    if (s < Math.min(b.oldest, b.live.start)) {
      s = Math.min(b.oldest, b.live.start);
      e = Math.min(b.live.end, s + span);
    }
    const atLiveEdge = e >= b.live.end - span * LIVE_EDGE_FRACTION;
    this.held = atLiveEdge ? null : { start: s, end: e };
    this.spanMs = atLiveEdge && Math.abs(span - liveSpan) > 1 ? span : null;
    this.changed();
  }

  /** Pans by a fraction of the span: negative back in time. */
  pan(fraction: number, b: ViewBounds): void {
    const r = this.range(b.live);
    const d = (r.end - r.start) * fraction;
    this.setRange(r.start + d, r.end + d, b);
  }

  /** Zooms in (factor > 1) or out about the middle, or about the live edge while following. */
  zoom(factor: number, b: ViewBounds): void {
    const r = this.range(b.live);
    const span = (r.end - r.start) / factor;
    const anchor = this.following ? r.end : (r.start + r.end) / 2;
    const end = this.following ? anchor : anchor + span / 2;
    this.setRange(end - span, end, b);
  }

  /** Follows the live edge again at the live window's span (Back to live, End). */
  backToLive(): void {
    if (this.held === null && this.spanMs === null) return;
    this.held = null;
    this.spanMs = null;
    this.changed();
  }

  /**
   * The time range picked for the charts (window and candle size). Picking another leaves a
   * zoomed or held view and follows the live edge at the picked range: a user who picks
   * "Last 15 min" expects those 15 minutes, live, not the view held under the new label.
   */
  pickRange(windowMs: number, barIntervalMs: number): void {
    const pick = `${windowMs}/${barIntervalMs}`;
    if (this.picked !== undefined && pick !== this.picked) this.backToLive();
    this.picked = pick;
  }

  /** Calls `fn` after every change; returns the unsubscribe. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }
}

/** What a key does to a view, if anything: arrows pan, + and − zoom, End goes back to live. */
export function applyKey(view: ChartView, key: string, b: ViewBounds): boolean {
  switch (key) {
    case 'ArrowLeft':
      view.pan(-KEY_PAN_FRACTION, b);
      return true;
    case 'ArrowRight':
      view.pan(KEY_PAN_FRACTION, b);
      return true;
    case '+':
    case '=':
      view.zoom(KEY_ZOOM_FACTOR, b);
      return true;
    case '-':
    case '_':
      view.zoom(1 / KEY_ZOOM_FACTOR, b);
      return true;
    case 'End':
      view.backToLive();
      return true;
    default:
      return false;
  }
}
