/**
 * Where the main window goes: its saved place (`Settings.mainWindow`) by the pop-outs' rule
 * (./window-placement.ts: on its display if still connected, else on the primary one, wholly
 * visible either way), or a default size centred on the primary display. Also the one-time move
 * of the place older versions kept in `window-state.json` into the settings. Electron-free so
 * it is testable; main/electron/window.ts feeds it `screen`'s displays.
 */
import { rm } from 'node:fs/promises';
import type { SavedMainWindow, WindowBounds } from '../../protocol/saved-windows';
import { readSavedMainWindow } from '../../protocol/saved-windows';
import { readJsonFile } from '../host/json-file';
import { placeWindow, type DisplayArea, type Placement } from './window-placement';

export const DEFAULT_WINDOW_SIZE = { width: 1440, height: 900 } as const;
export const MIN_WINDOW_SIZE = { width: 800, height: 520 } as const;

/** Where older versions kept the main window's place, under userData. */
export const LEGACY_WINDOW_STATE_FILE = 'window-state.json';

/** Where the main window opens: its bounds and display, whether maximized, its least size. */
export interface MainWindowPlacement extends Placement {
  readonly maximized: boolean;
  /** MIN_WINDOW_SIZE, or less where the display's work area is smaller. */
  readonly minSize: { readonly width: number; readonly height: number };
}

/**
 * The main window's placement, given its saved place (null: none yet), the displays connected
 * now and the primary one's id. A saved size under MIN_WINDOW_SIZE (the settings allow pop-out
 * sizes) is grown to it before the window is fitted, and the least size is never more than the
 * display: Electron holds a window to its least size at the place given, so either would open
 * it partly off the display.
 */
export function placeMainWindow(
  saved: SavedMainWindow | null,
  displays: readonly DisplayArea[],
  primaryId: number,
): MainWindowPlacement {
  const bounds = saved?.bounds ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
  const placed = placeWindow(
    {
      bounds: {
        ...bounds,
        width: Math.max(bounds.width, MIN_WINDOW_SIZE.width),
        height: Math.max(bounds.height, MIN_WINDOW_SIZE.height),
      },
      displayId: saved?.displayId ?? null,
    },
    displays,
    primaryId,
  );
  return {
    ...placed,
    maximized: saved?.maximized ?? false,
    minSize: {
      width: Math.min(MIN_WINDOW_SIZE.width, placed.bounds.width),
      height: Math.min(MIN_WINDOW_SIZE.height, placed.bounds.height),
    },
  };
}

/**
 * Moves the place an older version saved in `window-state.json` (`{x, y, width, height,
 * maximized}`) into the settings, once: the file is removed only after `save` has written it.
 * `displayOf` names the display those bounds lie on now. Null when there is no such file, or
 * it does not hold a valid place (then it is left as it is, never deleted).
 */
export async function migrateWindowState(
  path: string,
  displayOf: (bounds: WindowBounds) => number,
  save: (mainWindow: SavedMainWindow) => Promise<void>,
): Promise<SavedMainWindow | null> {
  const file = await readJsonFile(path);
  if (file.kind !== 'ok' || typeof file.value !== 'object' || file.value === null) return null;
  const old = file.value as Record<string, unknown>;
  const bounds = { x: old.x, y: old.y, width: old.width, height: old.height };
  const read = readSavedMainWindow({
    bounds,
    displayId: null,
    maximized: old.maximized,
  });
  if (!read.ok) return null;
  const mainWindow = { ...read.value, displayId: displayOf(read.value.bounds) };
  await save(mainWindow);
  await rm(path, { force: true });
  return mainWindow;
}
