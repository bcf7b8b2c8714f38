/**
 * The watchlist's window on its rows and its roving focus. Virtualised: only the rows in view
 * (plus an overscan) are in the DOM, with spacer rows standing in for the rest, so the
 * scrollbar matches the whole list and sparklines exist only for rows on screen. scrollTop
 * counts from the first row because the sticky header sits above the rows in the scroll
 * container. Roving tabindex (ARIA grid practice): the list is one Tab stop, the row last
 * focused (else the first row in view); arrow keys move within. That row stays rendered when
 * scrolled away, so it keeps keyboard focus and the Tab stop exists. Made while a component
 * initialises: its effects live as long as that component.
 */
import { tick } from 'svelte';
import type { RowView } from '../state/row-view';
import {
  navigateTo,
  rowSegments,
  scrollTopToShow,
  visibleRows,
  type NavigationKey,
  type Viewport,
} from '../state/visible-rows';
import type { WatchlistItem } from './WatchlistBody.svelte';

/** The window's sizes (WatchlistTable's constants). */
export interface WindowSizes {
  readonly rowHeightPx: number;
  /** Rows rendered beyond each edge of the view. */
  readonly overscanRows: number;
  /** Rows beyond each edge the engine is asked to send in full. */
  readonly interestOverscanRows: number;
  /** Height assumed for the rows' viewport until it is measured, px. */
  readonly fallbackViewportPx: number;
}

export class WatchlistWindow {
  /** The scroll container; bound by the component. */
  scroller = $state.raw<HTMLDivElement | undefined>(undefined);
  scrollTop = $state(0);
  #measuredPx = $state(0);
  /** The row that is the list's Tab stop, by id; null before any row had focus. */
  activeId = $state<string | null>(null);
  readonly #rows: () => readonly RowView[];
  readonly #sizes: WindowSizes;

  // Closures, read only once the constructor has set the rows and sizes.
  readonly viewport: Viewport = $derived.by(() => ({
    scrollTop: this.scrollTop,
    height: this.#measuredPx > 0 ? this.#measuredPx : this.#sizes.fallbackViewportPx,
    rowHeight: this.#sizes.rowHeightPx,
  }));
  readonly range = $derived.by(() =>
    visibleRows(this.viewport, this.#rows().length, this.#sizes.overscanRows),
  );
  /** The rows in view and the interest overscan beyond each edge. */
  readonly interest = $derived.by(() =>
    visibleRows(this.viewport, this.#rows().length, this.#sizes.interestOverscanRows),
  );
  readonly activeIndex = $derived.by(() => {
    const rows = this.#rows();
    const i = this.activeId === null ? -1 : rows.findIndex((r) => r.id === this.activeId);
    return i >= 0 ? i : Math.min(this.range.start, rows.length - 1);
  });
  /** What the body renders: the rows in the window, the Tab stop's, and gaps for the rest. */
  readonly items: WatchlistItem[] = $derived.by(() => {
    const rows = this.#rows();
    const out: WatchlistItem[] = [];
    let gaps = 0;
    const segs = rowSegments(this.range, this.activeIndex, rows.length, this.#sizes.rowHeightPx);
    for (const seg of segs) {
      if (seg.kind === 'gap') out.push({ key: `gap-${gaps++}`, gapPx: seg.px });
      else
        for (let i = seg.start; i < seg.end; i++)
          out.push({ key: rows[i]!.id, row: rows[i]!, index: i });
    }
    return out;
  });

  /** `rows` reads the rows shown, in order (a component's prop). */
  constructor(rows: () => readonly RowView[], sizes: WindowSizes) {
    this.#rows = rows;
    this.#sizes = sizes;
    $effect(() => {
      const scroller = this.scroller;
      if (!scroller || typeof ResizeObserver !== 'function') return;
      const observer = new ResizeObserver(() => {
        const head = scroller.querySelector('thead')!;
        // Whole pixels, rounded down, so a row scrolled to the bottom edge shows whole.
        this.#measuredPx = Math.max(
          0,
          Math.floor(scroller.clientHeight - head.getBoundingClientRect().height),
        );
      });
      observer.observe(scroller);
      return () => observer.disconnect();
    });
  }

  /** Moves focus to row `to`, scrolling it into view (and so into the DOM) first. */
  async focusRow(to: number): Promise<void> {
    const row = this.#rows()[to];
    const scroller = this.scroller;
    if (!row || !scroller) return;
    this.activeId = row.id;
    const top = scrollTopToShow({ ...this.viewport, scrollTop: scroller.scrollTop }, to);
    if (top !== scroller.scrollTop) {
      scroller.scrollTop = top;
      this.scrollTop = scroller.scrollTop;
    }
    await tick();
    // aria-rowindex counts the header row as 1.
    scroller.querySelector<HTMLElement>(`tr[aria-rowindex="${to + 2}"]`)?.focus({
      preventScroll: true,
    });
  }

  navigate = (id: string, key: NavigationKey) => {
    const rows = this.#rows();
    const to = navigateTo(
      rows.findIndex((r) => r.id === id),
      key,
      rows.length,
    );
    if (to >= 0) void this.focusRow(to);
  };
}
