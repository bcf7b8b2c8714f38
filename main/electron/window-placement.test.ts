import { describe, expect, it } from 'vitest';
import type { DisplayArea } from './window-placement';
import { placeWindow } from './window-placement';

// A laptop (primary, id 1) with a 4K monitor at 2x to its right (id 2).
const LAPTOP: DisplayArea = {
  id: 1,
  workArea: { x: 0, y: 0, width: 1440, height: 875 }, // 2880 × 1750 px at 2x
};
const MONITOR: DisplayArea = {
  id: 2,
  workArea: { x: 1440, y: 0, width: 1920, height: 1080 }, // 3840 × 2160 px at 2x
};

function inside(b: { x: number; y: number; width: number; height: number }, d: DisplayArea) {
  const a = d.workArea;
  return (
    b.x >= a.x && b.y >= a.y && b.x + b.width <= a.x + a.width && b.y + b.height <= a.y + a.height
  );
}

describe('placeWindow', () => {
  it('reopens a window where it was when its display is still there', () => {
    const bounds = { x: 1600, y: 100, width: 800, height: 600 };
    expect(placeWindow({ bounds, displayId: 2 }, [LAPTOP, MONITOR], 1)).toEqual({
      bounds,
      displayId: 2,
    });
  });

  it('reopens a window whose display is gone on the primary display, centred, whole', () => {
    const placed = placeWindow(
      { bounds: { x: 3000, y: 900, width: 800, height: 600 }, displayId: 2 },
      [LAPTOP],
      1,
    );
    expect(placed).toEqual({ bounds: { x: 320, y: 137, width: 800, height: 600 }, displayId: 1 });
  });

  it('also when the primary is not listed first, and when the display was never known', () => {
    const bounds = { x: 5000, y: 5000, width: 400, height: 300 };
    expect(placeWindow({ bounds, displayId: 9 }, [MONITOR, LAPTOP], 1).displayId).toBe(1);
    const unknown = placeWindow({ bounds, displayId: null }, [MONITOR, LAPTOP], 1);
    expect(unknown.displayId).toBe(1);
    expect(inside(unknown.bounds, LAPTOP)).toBe(true);
  });

  it('pulls a window partly off-screen back onto its display, keeping its size', () => {
    const placed = placeWindow(
      { bounds: { x: 3000, y: -50, width: 600, height: 400 }, displayId: 2 },
      [LAPTOP, MONITOR],
      1,
    );
    expect(placed.bounds).toEqual({ x: 3360 - 600, y: 0, width: 600, height: 400 });
    expect(inside(placed.bounds, MONITOR)).toBe(true);
  });

  it('shrinks a window larger than its display to the work area', () => {
    const placed = placeWindow(
      { bounds: { x: -200, y: -100, width: 2560, height: 1600 }, displayId: 1 },
      [LAPTOP, MONITOR],
      1,
    );
    expect(placed.bounds).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
    // The same window going to the primary because its display is gone: the same fit.
    const gone = placeWindow(
      { bounds: { x: 0, y: 0, width: 2560, height: 1600 }, displayId: 7 },
      [LAPTOP],
      1,
    );
    expect(gone.bounds).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
  });

  it('works in DIP whatever the scale factor, rounding fractional work areas inwards', () => {
    // 2560 × 1440 px at 1.5: a work area of 1706.67 × 960 DIP, beside a display at 1.25.
    const odd: DisplayArea = {
      id: 3,
      workArea: { x: 1024.4, y: 0, width: 1706.67, height: 960 },
    };
    const small: DisplayArea = {
      id: 4,
      workArea: { x: 0, y: 0, width: 1024, height: 768 }, // 1280 × 960 px at 1.25
    };
    const placed = placeWindow(
      { bounds: { x: 1000, y: 10, width: 2000, height: 700 }, displayId: 3 },
      [small, odd],
      4,
    );
    expect(placed.bounds).toEqual({ x: 1025, y: 10, width: 1706, height: 700 });
    expect(Object.values(placed.bounds).every(Number.isInteger)).toBe(true);
    expect(inside(placed.bounds, odd)).toBe(true);
    // The size is not scaled: 800 DIP stay 800 DIP on a 2x display.
    const onRetina = placeWindow(
      { bounds: { x: 100, y: 100, width: 800, height: 600 }, displayId: 1 },
      [LAPTOP],
      1,
    );
    expect(onRetina.bounds).toMatchObject({ width: 800, height: 600 });
  });

  it('refuses to place a window with no display at all', () => {
    expect(() =>
      placeWindow({ bounds: { x: 0, y: 0, width: 1, height: 1 }, displayId: null }, [], 1),
    ).toThrow(/no display/);
  });
});
