import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isNavigationKey,
  navigateTo,
  rowSegments,
  scrollTopToShow,
  visibleRows,
} from './visible-rows';

const ROW = 26;
const view = (scrollTop: number, height: number) => ({ scrollTop, height, rowHeight: ROW });

describe('visibleRows', () => {
  it('renders nothing, and pads nothing, for an empty list', () => {
    expect(visibleRows(view(0, 500), 0, 8)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
    expect(visibleRows(view(900, 500), 0, 8)).toEqual({
      start: 0,
      end: 0,
      padTop: 0,
      padBottom: 0,
    });
  });

  it('renders every row when the viewport is taller than the list', () => {
    expect(visibleRows(view(0, 1_000), 20, 8)).toEqual({
      start: 0,
      end: 20,
      padTop: 0,
      padBottom: 0,
    });
  });

  it('renders the rows in view plus the overscan, and pads for the rest', () => {
    // Rows 100..119 are in view (2,600 px down, 520 px tall); 8 more on each side.
    expect(visibleRows(view(100 * ROW, 20 * ROW), 5_000, 8)).toEqual({
      start: 92,
      end: 128,
      padTop: 92 * ROW,
      padBottom: (5_000 - 128) * ROW,
    });
  });

  it('counts a row cut by either edge of the viewport as in view', () => {
    const w = visibleRows(view(10 * ROW + 5, 4 * ROW), 1_000, 0);
    expect([w.start, w.end]).toEqual([10, 15]); // rows 10 and 14 are partly in view
  });

  it('clamps the overscan at the start and the end of the list', () => {
    expect(visibleRows(view(0, 10 * ROW), 1_000, 8)).toMatchObject({ start: 0, end: 18 });
    const atEnd = visibleRows(view(990 * ROW, 10 * ROW), 1_000, 8);
    expect(atEnd).toMatchObject({ start: 982, end: 1_000, padBottom: 0 });
  });

  it('shows the last rows when scrolled past the end after the list shrank', () => {
    // Scrolled to row 4,000 of 5,000; the list is now 30 rows and the browser has not clamped yet.
    expect(visibleRows(view(4_000 * ROW, 10 * ROW), 30, 2)).toEqual({
      start: 18,
      end: 30,
      padTop: 18 * ROW,
      padBottom: 0,
    });
  });

  it('treats a negative scroll (elastic overscroll) as the top', () => {
    expect(visibleRows(view(-40, 10 * ROW), 100, 0)).toMatchObject({ start: 0, end: 10 });
  });

  it('still renders a row when the viewport has no height yet', () => {
    expect(visibleRows(view(0, 0), 100, 0)).toMatchObject({ start: 0, end: 1 });
  });

  it('rejects a row height that is not positive', () => {
    expect(() => visibleRows({ scrollTop: 0, height: 100, rowHeight: 0 }, 10, 0)).toThrow(
      RangeError,
    );
  });

  it('always covers every row in view, and keeps the scroll height of the whole list', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 10 }),
        (count, scrollTop, height, overscan) => {
          const w = visibleRows(view(scrollTop, height), count, overscan);
          expect(w.padTop + (w.end - w.start) * ROW + w.padBottom).toBe(count * ROW);
          const top = Math.min(scrollTop, Math.max(0, count * ROW - height));
          for (let i = 0; i < count; i++) {
            const inView = i * ROW < top + height && (i + 1) * ROW > top;
            if (inView) expect(i >= w.start && i < w.end).toBe(true);
          }
          expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(height / ROW) + 1 + 2 * overscan);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('scrollTopToShow', () => {
  const at = view(100 * ROW, 10 * ROW); // rows 100..109 in view

  it('leaves the scroll alone when the row is already in view', () => {
    expect(scrollTopToShow(at, 100)).toBe(100 * ROW);
    expect(scrollTopToShow(at, 109)).toBe(100 * ROW);
  });

  it('brings a row above the viewport to its top', () => {
    expect(scrollTopToShow(at, 99)).toBe(99 * ROW);
    expect(scrollTopToShow(at, 0)).toBe(0);
  });

  it('brings a row below the viewport to its bottom', () => {
    expect(scrollTopToShow(at, 110)).toBe(101 * ROW);
    expect(scrollTopToShow(at, 500)).toBe(491 * ROW);
  });

  it('shows a row that is only partly in view whole', () => {
    expect(scrollTopToShow(view(100 * ROW + 10, 10 * ROW), 100)).toBe(100 * ROW);
    expect(scrollTopToShow(view(100 * ROW + 10, 10 * ROW), 110)).toBe(101 * ROW);
  });
});

describe('navigateTo', () => {
  it('moves one row with the arrows and to either end with Home and End', () => {
    expect(navigateTo(5, 'ArrowDown', 10)).toBe(6);
    expect(navigateTo(5, 'ArrowUp', 10)).toBe(4);
    expect(navigateTo(5, 'Home', 10)).toBe(0);
    expect(navigateTo(5, 'End', 10)).toBe(9);
  });

  it('stops at the first and last rows instead of wrapping', () => {
    expect(navigateTo(0, 'ArrowUp', 10)).toBe(0);
    expect(navigateTo(9, 'ArrowDown', 10)).toBe(9);
  });

  it('lands on the last row when the row moved from is gone (the list shrank)', () => {
    expect(navigateTo(40, 'ArrowDown', 10)).toBe(9);
  });

  it('has nowhere to go in an empty list', () => {
    expect(navigateTo(0, 'ArrowDown', 0)).toBe(-1);
  });

  it('knows its keys', () => {
    expect(['ArrowUp', 'ArrowDown', 'Home', 'End', 'Enter', 'a'].map(isNavigationKey)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('rowSegments', () => {
  const win = { start: 10, end: 20, padTop: 10 * 26, padBottom: 80 * 26 };

  it('is the window with gaps above and below when the kept row is inside it', () => {
    expect(rowSegments(win, 12, 100, 26)).toEqual([
      { kind: 'gap', px: 260 },
      { kind: 'rows', start: 10, end: 20 },
      { kind: 'gap', px: 80 * 26 },
    ]);
    expect(rowSegments(win, -1, 100, 26)).toEqual(rowSegments(win, 12, 100, 26));
  });

  it('keeps a row above the window in its place, the gaps adding up to the whole list', () => {
    const parts = rowSegments(win, 3, 100, 26);
    expect(parts).toEqual([
      { kind: 'gap', px: 3 * 26 },
      { kind: 'rows', start: 3, end: 4 },
      { kind: 'gap', px: 6 * 26 },
      { kind: 'rows', start: 10, end: 20 },
      { kind: 'gap', px: 80 * 26 },
    ]);
  });

  it('keeps a row below the window, with no empty gap after the last row', () => {
    expect(rowSegments(win, 99, 100, 26)).toEqual([
      { kind: 'gap', px: 260 },
      { kind: 'rows', start: 10, end: 20 },
      { kind: 'gap', px: 79 * 26 },
      { kind: 'rows', start: 99, end: 100 },
    ]);
  });
});
