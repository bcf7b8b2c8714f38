/**
 * Where the main window goes: the saved bounds when they are still on a connected display,
 * otherwise a default size centred on the primary display. Electron-free so it is testable;
 * main/electron/window.ts feeds it `screen`'s work areas.
 */
import { readJsonFile, writeJsonFileAtomic } from '../host/json-file';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Saved between runs in `window-state.json` under userData. */
export interface WindowState extends Rect {
  readonly maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1440, height: 900 } as const;
export const MIN_WINDOW_SIZE = { width: 800, height: 520 } as const;
/** How much of the title bar must be on a display for saved bounds to count as visible, px. */
const MIN_VISIBLE_PX = 64;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The bounds to open with, given what was saved, the displays' work areas now and the primary
 * display's (the order of `screen.getAllDisplays()` is undocumented, so "the first" is not it).
 */
export function restoreBounds(
  saved: WindowState | null,
  workAreas: readonly Rect[],
  primary: Rect,
): WindowState {
  if (saved) {
    const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: MIN_VISIBLE_PX };
    const home = workAreas.find((area) => {
      const o = overlap(titleBar, area);
      return o.width >= MIN_VISIBLE_PX && o.height > 0;
    });
    if (home) {
      // Shrink to the display (a smaller monitor than last time) and pull the title bar onto it.
      const width = Math.max(MIN_WINDOW_SIZE.width, Math.min(saved.width, home.width));
      const height = Math.max(MIN_WINDOW_SIZE.height, Math.min(saved.height, home.height));
      const x = Math.min(Math.max(saved.x, home.x), home.x + home.width - width);
      const y = Math.min(Math.max(saved.y, home.y), home.y + home.height - height);
      return { x, y, width, height, maximized: saved.maximized };
    }
  }
  const width = Math.min(DEFAULT_WINDOW_SIZE.width, primary.width);
  const height = Math.min(DEFAULT_WINDOW_SIZE.height, primary.height);
  return {
    x: primary.x + Math.round((primary.width - width) / 2),
    y: primary.y + Math.round((primary.height - height) / 2),
    width,
    height,
    maximized: saved?.maximized ?? false,
  };
}

function isWindowState(v: unknown): v is WindowState {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const ints = ['x', 'y', 'width', 'height'].every((k) => Number.isSafeInteger(r[k]));
  return (
    ints && (r.width as number) > 0 && (r.height as number) > 0 && typeof r.maximized === 'boolean'
  );
}

/** Reads the saved state; a missing or malformed file means "no saved state", never an error. */
export async function loadWindowState(path: string): Promise<WindowState | null> {
  const read = await readJsonFile(path);
  return read.kind === 'ok' && isWindowState(read.value) ? read.value : null;
}

export function saveWindowState(path: string, state: WindowState): Promise<void> {
  return writeJsonFileAtomic(path, state);
}
