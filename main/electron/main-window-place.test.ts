import type { BrowserWindow } from 'electron';
import { screen } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { SavedMainWindow } from '../../protocol/saved-windows';
import type * as Fake from '../../test-support/electron-fake';
import { createMainWindow, moveMainWindow } from './main-window-place';

/** The main window as the app opens it, from `saved` (null: nothing saved). */
function openMain(saved: SavedMainWindow | null, isPackaged = true, save = vi.fn()) {
  return createMainWindow({
    preload: '/app/preload.cjs',
    url: 'app://tickdeck/index.html',
    isPackaged,
    saved,
    save,
  }) as unknown as Fake.BrowserWindow;
}

describe('createMainWindow', () => {
  const saved = {
    bounds: { x: 100, y: 50, width: 1200, height: 800 },
    displayId: 1,
    maximized: true,
  };
  const open = (isPackaged: boolean, save = vi.fn()) => openMain(saved, isPackaged, save);

  it('turns on every webPreferences security flag', () => {
    expect(open(true).options.webPreferences).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
  });

  it('allows DevTools only in development', () => {
    expect(open(false).options.webPreferences).toMatchObject({ devTools: true });
  });

  it('opens at its saved place, loads the app and saves its place on close', () => {
    const save = vi.fn();
    const win = open(true, save);
    expect(win.options).toMatchObject({ x: 100, y: 50, width: 1200, height: 800, show: false });
    expect(win.webContents.loadURL).toHaveBeenCalledWith('app://tickdeck/index.html');
    expect(win.webContents.setWindowOpenHandler).toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();
    win.isMaximized.mockReturnValue(true);
    win.emit('close');
    expect(save).toHaveBeenCalledWith({
      bounds: { x: 10, y: 20, width: 1200, height: 800 },
      displayId: 1,
      maximized: true,
    });
  });

  it('saves its place shortly after it moves or resizes, once for a burst', () => {
    vi.useFakeTimers();
    try {
      const save = vi.fn();
      const win = open(true, save);
      win.emit('moved');
      win.emit('resized');
      win.emit('moved');
      expect(save).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1_000);
      expect(save).toHaveBeenCalledTimes(1);
      expect(save).toHaveBeenCalledWith(expect.objectContaining({ displayId: 1 }));
    } finally {
      vi.useRealTimers();
    }
  });

  it('saves nothing a setting could not hold (bounds out of range)', () => {
    const save = vi.fn();
    const win = open(true, save);
    win.getNormalBounds.mockReturnValueOnce({ x: 0, y: 0, width: 50_000, height: 800 });
    win.emit('close');
    expect(save).not.toHaveBeenCalled();
  });

  it('maximizes only when the page is ready to show, never the hidden window', () => {
    const win = open(true);
    // maximize() would show the hidden window before its first paint: a blank window.
    expect(win.maximize).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.maximize).toHaveBeenCalledTimes(1);
    expect(win.show).toHaveBeenCalled();
  });

  it('saves its bounds when a Windows session ends, which closes no window', () => {
    const save = vi.fn();
    const win = open(true, save);
    win.emit('session-end', { reasons: ['logoff'] });
    expect(save).toHaveBeenCalledWith(
      expect.objectContaining({ bounds: { x: 10, y: 20, width: 1200, height: 800 } }),
    );
  });

  it('falls back to the primary display, wholly visible, when the saved one is gone', () => {
    const left = { id: 3, workArea: { x: -1920, y: 0, width: 1920, height: 1080 } };
    const primary = { id: 4, workArea: { x: 0, y: 0, width: 2560, height: 1440 } };
    vi.mocked(screen.getAllDisplays).mockReturnValueOnce([left, primary] as never);
    vi.mocked(screen.getPrimaryDisplay).mockReturnValueOnce(primary as never);
    const win = openMain({
      bounds: { x: 5000, y: 50, width: 1200, height: 800 },
      displayId: 9,
      maximized: false,
    });
    expect(win.options).toMatchObject({ x: 680, y: 320, width: 1200, height: 800 });
  });

  it('opens no larger than a display smaller than its least size, its least size included', () => {
    const small = { id: 5, workArea: { x: 0, y: 0, width: 640, height: 336 } };
    vi.mocked(screen.getAllDisplays).mockReturnValueOnce([small] as never);
    vi.mocked(screen.getPrimaryDisplay).mockReturnValueOnce(small as never);
    const win = openMain(null);
    expect(win.options).toMatchObject({
      ...small.workArea,
      minWidth: 640,
      minHeight: 336,
    });
  });
});

describe('moveMainWindow', () => {
  it("moves the window to a workspace's place, by the same rule, maximized as saved", () => {
    const win = openMain(null);
    win.isMaximized.mockReturnValue(true);
    moveMainWindow(win as unknown as BrowserWindow, {
      bounds: { x: 100, y: 50, width: 5000, height: 800 },
      displayId: 1,
      maximized: true,
    });
    expect(win.unmaximize).toHaveBeenCalled();
    // The fake's one display is 1920 × 1080: the window shrinks onto it.
    expect(win.setBounds).toHaveBeenCalledWith({ x: 0, y: 50, width: 1920, height: 800 });
    expect(win.setMinimumSize).toHaveBeenCalledWith(800, 520);
    expect(win.maximize).toHaveBeenCalled();
  });

  it('lowers the least size before moving onto a display smaller than it', () => {
    const win = openMain(null);
    const small = { id: 5, workArea: { x: 0, y: 0, width: 640, height: 336 } };
    vi.mocked(screen.getAllDisplays).mockReturnValueOnce([small] as never);
    vi.mocked(screen.getPrimaryDisplay).mockReturnValueOnce(small as never);
    moveMainWindow(win as unknown as BrowserWindow, {
      bounds: { x: 10, y: 10, width: 100, height: 100 },
      displayId: 5,
      maximized: false,
    });
    expect(win.setMinimumSize).toHaveBeenCalledWith(640, 336);
    expect(win.setBounds).toHaveBeenCalledWith(small.workArea);
    expect(win.setMinimumSize.mock.invocationCallOrder[0]).toBeLessThan(
      win.setBounds.mock.invocationCallOrder[0]!,
    );
  });
});
