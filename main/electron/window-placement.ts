/**
 * Where a popped-out window reopens: on the display it was on, if that display is still
 * connected, else on the primary display; either way wholly inside the display's work area
 * (shrunk to fit a smaller display, pulled in from off-screen). Electron-free so it is
 * testable; main/electron/popout-windows.ts feeds it `screen`'s displays. Everything is in
 * device-independent pixels, as Electron's bounds and work areas are, so a display's scale
 * factor changes no size here; it only makes work areas fractional, which are rounded inwards.
 */
import type { WindowBounds } from '../../protocol/saved-windows';

/** A display as `screen.getAllDisplays()` describes it (the fields used here). */
export interface DisplayArea {
  readonly id: number;
  /** The display minus taskbars and docks, DIP. */
  readonly workArea: WindowBounds;
}

/** Where a window goes: its bounds, and the display they lie on. */
export interface Placement {
  readonly bounds: WindowBounds;
  readonly displayId: number;
}

/** A display's work area in whole pixels, rounded inwards so the result lies inside it. */
function wholeArea(area: WindowBounds): WindowBounds {
  const x = Math.ceil(area.x);
  const y = Math.ceil(area.y);
  return {
    x,
    y,
    width: Math.floor(area.x + area.width) - x,
    height: Math.floor(area.y + area.height) - y,
  };
}

/** `bounds` moved and shrunk as little as possible to lie wholly inside `area`. */
export function fitInside(bounds: WindowBounds, area: WindowBounds): WindowBounds {
  const a = wholeArea(area);
  const width = Math.min(Math.round(bounds.width), a.width);
  const height = Math.min(Math.round(bounds.height), a.height);
  const x = Math.min(Math.max(Math.round(bounds.x), a.x), a.x + a.width - width);
  const y = Math.min(Math.max(Math.round(bounds.y), a.y), a.y + a.height - height);
  return { x, y, width, height };
}

/** `bounds`'s size, shrunk to fit, centred in `area`. */
function centreIn(bounds: WindowBounds, area: WindowBounds): WindowBounds {
  const a = wholeArea(area);
  const width = Math.min(Math.round(bounds.width), a.width);
  const height = Math.min(Math.round(bounds.height), a.height);
  return {
    x: a.x + Math.floor((a.width - width) / 2),
    y: a.y + Math.floor((a.height - height) / 2),
    width,
    height,
  };
}

/**
 * The placement of a window saved at `bounds` on display `displayId` (null: unknown), given
 * the displays connected now and the primary one's id (the order of `getAllDisplays()` is
 * undocumented, so "the first" is not the primary).
 */
export function placeWindow(
  saved: { readonly bounds: WindowBounds; readonly displayId: number | null },
  displays: readonly DisplayArea[],
  primaryId: number,
): Placement {
  const primary = displays.find((d) => d.id === primaryId) ?? displays[0];
  if (primary === undefined) throw new Error('placeWindow: no display');
  const home = displays.find((d) => d.id === saved.displayId);
  if (home !== undefined)
    return { bounds: fitInside(saved.bounds, home.workArea), displayId: home.id };
  return { bounds: centreIn(saved.bounds, primary.workArea), displayId: primary.id };
}
