/**
 * The windows the desktop app saves in the settings and reopens at start: the main window
 * (`mainWindow`: where it was, on which display, maximized or not) and the popped-out ones
 * (`windows`: what each shows, where it was and on which display). Pop-outs are read entry by
 * entry: a bad entry is reported by its position and skipped, the others load.
 */
import type { PanelRoute } from './panel-route';
import { panelName, readPanelRoute } from './panel-route';

/** A window's bounds in device-independent pixels (Electron's `getNormalBounds()`). */
export interface WindowBounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One popped-out window as saved. */
export interface SavedWindow {
  /** What it shows. */
  readonly panel: PanelRoute;
  readonly bounds: WindowBounds;
  /** Electron's id of the display it was on, or null when unknown. */
  readonly displayId: number | null;
}

/** The main window as saved. */
export interface SavedMainWindow {
  /** Its normal (not maximized) bounds. */
  readonly bounds: WindowBounds;
  /** Electron's id of the display it was on, or null when unknown. */
  readonly displayId: number | null;
  readonly maximized: boolean;
}

/** A new pop-out's size, DIP: room for one chart with its toolbar. */
export const POPOUT_SIZE = { width: 760, height: 480 } as const;
/** Most pop-out windows kept open (each is a renderer process and an engine consumer). */
export const MAX_SAVED_WINDOWS = 16;
/** Largest |x| or |y| of a saved window, px: beyond any desktop of displays side by side. */
export const MAX_WINDOW_OFFSET_PX = 100_000;
/** Smallest and largest saved width or height, px (16,384: Chromium's largest surface). */
export const MIN_WINDOW_SIDE_PX = 100;
export const MAX_WINDOW_SIDE_PX = 16_384;
/** Largest display id (Electron's ids are unsigned 32-bit on Windows, 64-bit hashes elsewhere). */
const MAX_DISPLAY_ID = Number.MAX_SAFE_INTEGER;

function intIn(v: unknown, min: number, max: number): boolean {
  return Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
}

function checkBounds(v: unknown): string | null {
  if (typeof v !== 'object' || v === null) return 'bounds: expected {x, y, width, height}';
  const b = v as Record<string, unknown>;
  for (const k of ['x', 'y'] as const)
    if (!intIn(b[k], -MAX_WINDOW_OFFSET_PX, MAX_WINDOW_OFFSET_PX))
      return `bounds.${k}: expected a whole number of px from ${-MAX_WINDOW_OFFSET_PX} to ${MAX_WINDOW_OFFSET_PX}`;
  for (const k of ['width', 'height'] as const)
    if (!intIn(b[k], MIN_WINDOW_SIDE_PX, MAX_WINDOW_SIDE_PX))
      return `bounds.${k}: expected a whole number of px from ${MIN_WINDOW_SIDE_PX} to ${MAX_WINDOW_SIDE_PX}`;
  return null;
}

/**
 * `bounds` rounded and brought within what a saved window holds: a window stretched over a wall
 * of displays may be wider than {@link MAX_WINDOW_SIDE_PX}. Where it reopens, it is fitted to
 * its display all the same.
 */
export function savableBounds(bounds: WindowBounds): WindowBounds {
  const within = (v: number, min: number, max: number) =>
    Math.min(Math.max(Math.round(v), min), max);
  return {
    x: within(bounds.x, -MAX_WINDOW_OFFSET_PX, MAX_WINDOW_OFFSET_PX),
    y: within(bounds.y, -MAX_WINDOW_OFFSET_PX, MAX_WINDOW_OFFSET_PX),
    width: within(bounds.width, MIN_WINDOW_SIDE_PX, MAX_WINDOW_SIDE_PX),
    height: within(bounds.height, MIN_WINDOW_SIDE_PX, MAX_WINDOW_SIDE_PX),
  };
}

/** Reads one saved window into a fresh object, or a message naming the bad part (`at.bounds.x: ...`). */
export function readSavedWindow(
  v: unknown,
  at = 'window',
):
  | { readonly ok: true; readonly value: SavedWindow }
  | { readonly ok: false; readonly error: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, error: `${at}: expected an object` };
  const w = v as Record<string, unknown>;
  const panel = readPanelRoute(w.panel);
  if (!panel.ok) return { ok: false, error: `${at}.${panel.error}` };
  const bounds = checkBounds(w.bounds);
  if (bounds !== null) return { ok: false, error: `${at}.${bounds}` };
  if (w.displayId !== null && !intIn(w.displayId, 0, MAX_DISPLAY_ID))
    return { ok: false, error: `${at}.displayId: expected a display id or null` };
  const b = w.bounds as WindowBounds;
  return {
    ok: true,
    value: {
      panel: panel.value,
      bounds: { x: b.x, y: b.y, width: b.width, height: b.height },
      displayId: w.displayId as number | null,
    },
  };
}

/** Reads the saved main window into a fresh object, or a message naming the bad part. */
export function readSavedMainWindow(
  v: unknown,
  at = 'mainWindow',
):
  | { readonly ok: true; readonly value: SavedMainWindow }
  | { readonly ok: false; readonly error: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, error: `${at}: expected an object or null` };
  const w = v as Record<string, unknown>;
  const bounds = checkBounds(w.bounds);
  if (bounds !== null) return { ok: false, error: `${at}.${bounds}` };
  if (w.displayId !== null && !intIn(w.displayId, 0, MAX_DISPLAY_ID))
    return { ok: false, error: `${at}.displayId: expected a display id or null` };
  if (typeof w.maximized !== 'boolean')
    return { ok: false, error: `${at}.maximized: expected true or false` };
  const b = w.bounds as WindowBounds;
  return {
    ok: true,
    value: {
      bounds: { x: b.x, y: b.y, width: b.width, height: b.height },
      displayId: w.displayId as number | null,
      maximized: w.maximized,
    },
  };
}

/**
 * Reads the saved windows: the good entries, and a problem per bad one (`windows[2].bounds.width:
 * ...`). A second window of the same panel is reported and dropped. Entries past
 * {@link MAX_SAVED_WINDOWS} windows are dropped unread, and bad ones past as many problems are
 * dropped uncounted, each kind said in one problem: a hostile file's 100,000 entries must not
 * make a notice of 100,000 lines.
 */
export function readSavedWindows(v: unknown): {
  readonly windows: readonly SavedWindow[];
  readonly problems: readonly string[];
} {
  if (!Array.isArray(v)) return { windows: [], problems: ['windows: expected a list'] };
  const windows: SavedWindow[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  let firstPast = -1;
  let unnamed = 0;
  const problem = (text: string) =>
    problems.length < MAX_SAVED_WINDOWS ? problems.push(text) : unnamed++;
  for (const [i, entry] of v.entries()) {
    if (windows.length === MAX_SAVED_WINDOWS) {
      firstPast = i;
      break;
    }
    const read = readSavedWindow(entry, `windows[${i}]`);
    const name = read.ok ? panelName(read.value.panel) : '';
    if (!read.ok) problem(read.error);
    else if (seen.has(name)) problem(`windows[${i}]: a second window of ${name}`);
    else {
      seen.add(name);
      windows.push(read.value);
    }
  }
  if (unnamed > 0) problems.push(`windows: ${unnamed} more bad entries`);
  if (firstPast >= 0)
    problems.push(
      `windows[${firstPast}] and the ${v.length - firstPast - 1} after it: more than ${MAX_SAVED_WINDOWS} windows`,
    );
  return { windows, problems };
}
