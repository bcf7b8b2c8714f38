/**
 * The main window's place: opened where it was saved (`Settings.mainWindow`; on the primary
 * display, wholly visible, when its display is gone), its place saved as it moves and closes,
 * and moved to a workspace's place by the same rule (./window-state.ts places it).
 */
import type { BrowserWindow } from 'electron';
import { screen } from 'electron';
import type { SavedMainWindow } from '../../protocol/saved-windows';
import { readSavedMainWindow } from '../../protocol/saved-windows';
import { createAppWindow } from './window';
import { placeMainWindow } from './window-state';

/** Quiet time after the main window moves or resizes before its place is saved, ms. */
const MAIN_SAVE_DELAY_MS = 500;

/** The connected displays and the primary one's id, as ./window-placement.ts takes them. */
function displays() {
  return {
    areas: screen.getAllDisplays().map((d) => ({ id: d.id, workArea: d.workArea })),
    primaryId: screen.getPrimaryDisplay().id,
  };
}

/** Where `win` is now, as the settings keep it; null when that lies outside a setting's bounds. */
function placeOf(win: BrowserWindow): SavedMainWindow | null {
  const bounds = win.getNormalBounds();
  const read = readSavedMainWindow({
    bounds,
    displayId: screen.getDisplayMatching(bounds).id,
    maximized: win.isMaximized(),
  });
  return read.ok ? read.value : null;
}

/**
 * Creates the main window at its saved place (`Settings.mainWindow`; on the primary display when
 * its display is gone), loads `url`, shows it (maximized if it was) when ready, and calls `save`
 * with its place shortly after it moves or resizes and when it closes or the session ends, so a
 * workspace saved meanwhile holds where it is.
 */
export function createMainWindow(opts: {
  preload: string;
  url: string;
  isPackaged: boolean;
  saved: SavedMainWindow | null;
  save: (mainWindow: SavedMainWindow) => void;
}): BrowserWindow {
  const screens = displays();
  const placed = placeMainWindow(opts.saved, screens.areas, screens.primaryId);
  const win = createAppWindow({
    preload: opts.preload,
    url: opts.url,
    isPackaged: opts.isPackaged,
    title: 'Tickdeck',
    geometry: {
      ...placed.bounds,
      minWidth: placed.minSize.width,
      minHeight: placed.minSize.height,
    },
    // maximize() shows a hidden window at once, before its first paint: a blank window.
    beforeShow: (shown) => {
      if (placed.maximized) shown.maximize();
    },
  });
  let timer: ReturnType<typeof setTimeout> | null = null;
  const saveNow = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const place = placeOf(win);
    if (place) opts.save(place);
  };
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(saveNow, MAIN_SAVE_DELAY_MS);
  };
  win.on('moved', saveSoon);
  win.on('resized', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', saveNow);
  // Windows logoff or shutdown closes no window: save where it was all the same.
  win.on('session-end', saveNow);
  return win;
}

/**
 * Moves the main window to `saved` (a workspace's place) by the same rule it opens by: on that
 * display if still connected, else on the primary one, wholly visible.
 */
export function moveMainWindow(win: BrowserWindow, saved: SavedMainWindow): void {
  const screens = displays();
  const placed = placeMainWindow(saved, screens.areas, screens.primaryId);
  if (win.isMaximized()) win.unmaximize();
  // First: the least size of a larger display would hold the window over this one's edge.
  win.setMinimumSize(placed.minSize.width, placed.minSize.height);
  win.setBounds(placed.bounds);
  if (placed.maximized) win.maximize();
}
