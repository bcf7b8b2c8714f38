/**
 * Windowing for a list of fixed-height rows: which rows to render for a scroll position, and
 * where to scroll to bring a row into view. Pure numbers, so the watchlist can render 5,000
 * instruments as a few dozen rows and the math is tested without a layout engine.
 */

export interface Viewport {
  /** Pixels scrolled from the top of the rows (the scroll container's `scrollTop`). */
  readonly scrollTop: number;
  /** Pixels of rows the container shows at once: its `clientHeight` less a sticky header's. */
  readonly height: number;
  /** Height of every row, in pixels (> 0). */
  readonly rowHeight: number;
}

/** Rows `start` (inclusive) to `end` (exclusive), and the space the others take above and below. */
export interface RowWindow {
  readonly start: number;
  readonly end: number;
  readonly padTop: number;
  readonly padBottom: number;
}

/**
 * The rows a viewport shows, widened by `overscan` rows on each side so a scroll shows rows that
 * are already rendered. A scroll position beyond the end (the list shrank before the browser
 * clamped `scrollTop`) shows the last rows rather than none.
 */
export function visibleRows(view: Viewport, count: number, overscan: number): RowWindow {
  const { rowHeight } = view;
  if (!(rowHeight > 0)) throw new RangeError(`rowHeight must be > 0, got ${rowHeight}`);
  if (count <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const height = Math.max(0, view.height);
  const maxScroll = Math.max(0, count * rowHeight - height);
  const scrollTop = Math.min(Math.max(0, view.scrollTop), maxScroll);
  const first = Math.floor(scrollTop / rowHeight);
  const last = Math.ceil((scrollTop + height) / rowHeight); // exclusive
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, Math.max(last, first + 1) + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}

/**
 * The `scrollTop` that shows row `index` whole, moving as little as possible: unchanged when it
 * is already in view, else the row lands at the top (scrolling up) or bottom (scrolling down).
 */
export function scrollTopToShow(view: Viewport, index: number): number {
  const top = index * view.rowHeight;
  const bottom = top + view.rowHeight;
  if (top < view.scrollTop) return top;
  if (bottom > view.scrollTop + view.height) return bottom - Math.max(view.rowHeight, view.height);
  return view.scrollTop;
}

/** Keys that move focus between rows of a list. */
export type NavigationKey = 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

export function isNavigationKey(key: string): key is NavigationKey {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'Home' || key === 'End';
}

/** The row a navigation key moves to from row `index` of `count` (clamped, never wraps). */
export function navigateTo(index: number, key: NavigationKey, count: number): number {
  if (count <= 0) return -1;
  const next =
    key === 'ArrowUp'
      ? index - 1
      : key === 'ArrowDown'
        ? index + 1
        : key === 'Home'
          ? 0
          : count - 1;
  return Math.min(count - 1, Math.max(0, next));
}

/** A stretch of the rendered list: rows `start` to `end` (exclusive), or a gap of `px` pixels. */
export type RowSegment =
  | { readonly kind: 'rows'; readonly start: number; readonly end: number }
  | { readonly kind: 'gap'; readonly px: number };

/**
 * The window's rows, plus row `keep` when it lies outside them, with gaps standing in for the
 * rows between. Keeping the focused row rendered keeps keyboard focus on it when the wheel
 * scrolls it out of view, and keeps the list's one Tab stop in the DOM. `keep` < 0 keeps none.
 */
export function rowSegments(
  win: RowWindow,
  keep: number,
  count: number,
  rowHeight: number,
): RowSegment[] {
  const parts: RowSegment[] = [];
  const gap = (rows: number) => {
    if (rows > 0) parts.push({ kind: 'gap', px: rows * rowHeight });
  };
  const rows = (start: number, end: number) => {
    if (end > start) parts.push({ kind: 'rows', start, end });
  };
  if (keep < 0 || keep >= count || (keep >= win.start && keep < win.end)) {
    gap(win.start);
    rows(win.start, win.end);
    gap(count - win.end);
  } else if (keep < win.start) {
    gap(keep);
    rows(keep, keep + 1);
    gap(win.start - keep - 1);
    rows(win.start, win.end);
    gap(count - win.end);
  } else {
    gap(win.start);
    rows(win.start, win.end);
    gap(keep - win.end);
    rows(keep, keep + 1);
    gap(count - keep - 1);
  }
  return parts;
}
