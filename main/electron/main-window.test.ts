import { describe, expect, it, vi } from 'vitest';
import type { Notice } from '../../protocol/ipc';
import { BrowserWindow } from '../../test-support/electron-fake';
import { MAX_HELD_NOTICES, MainWindow } from './main-window';

/** A main window over a host whose settings hold nothing, its window made. */
async function opened(): Promise<{ main: MainWindow; win: BrowserWindow }> {
  const main = new MainWindow({
    host: {
      invoke: vi.fn(async () => ({ ok: false as const, error: 'no settings' })),
      attach: vi.fn(() => ({ ack: vi.fn(), declareInterest: vi.fn(), detach: vi.fn() })),
      saveMainWindow: vi.fn(async () => {}),
    } as never,
    popouts: { closeAll: vi.fn(), restore: vi.fn() },
    preload: '/app/preload.cjs',
    pageUrl: 'app://tickdeck/index.html',
    legacyStatePath: '/nonexistent/window-state.json',
    quitting: () => false,
    shutdown: vi.fn(),
  });
  await main.open();
  return { main, win: BrowserWindow.instances.at(-1)! };
}

const shownNotices = (win: BrowserWindow) =>
  win.webContents.send.mock.calls.filter(([channel]) => channel === 'app:notice').map(([, n]) => n);

describe('MainWindow', () => {
  it('holds the newest distinct notices until the page loads, not every one of a failure that repeats', async () => {
    const { main, win } = await opened();
    // A full disk while the window is closed: every alert fails to be logged, for hours.
    const full = { level: 'error', message: 'An alert could not be saved: ENOSPC' } as const;
    for (let i = 0; i < 100_000; i++) main.notify(full);
    const others: Notice[] = Array.from({ length: MAX_HELD_NOTICES + 4 }, (_, i) => ({
      level: 'warning',
      message: `recording warning ${i}`,
    }));
    others.forEach(main.notify);
    main.notify(full);
    win.webContents.emit('did-finish-load');
    expect(shownNotices(win)).toEqual([...others.slice(-(MAX_HELD_NOTICES - 1)), full]);
    // Loaded: each is shown as it comes.
    main.notify(full);
    expect(shownNotices(win)).toHaveLength(MAX_HELD_NOTICES + 1);
  });

  it("charts a clicked alert's instrument once the page loads, reopening the window closed on macOS", async () => {
    const { main, win } = await opened();
    const shown = (w: BrowserWindow) =>
      w.webContents.send.mock.calls.filter(([channel]) => channel === 'alert:show');
    // The page is still loading: the window comes forward, the instrument waits for the page.
    win.isMinimized.mockReturnValueOnce(true);
    main.showAlert('ACME');
    await vi.waitFor(() => expect(win.focus).toHaveBeenCalled());
    expect(win.restore).toHaveBeenCalled();
    expect(shown(win)).toEqual([]);
    win.webContents.emit('did-finish-load');
    expect(shown(win)).toEqual([['alert:show', 'ACME']]);
    // The window closed, the app running on (macOS): a click opens it again and charts there.
    win.emit('closed');
    main.showAlert('BOLT');
    await vi.waitFor(() => expect(BrowserWindow.instances.at(-1)).not.toBe(win));
    const reopened = BrowserWindow.instances.at(-1)!;
    await vi.waitFor(() => expect(reopened.focus).toHaveBeenCalled());
    reopened.webContents.emit('did-finish-load');
    expect(shown(reopened)).toEqual([['alert:show', 'BOLT']]);
    expect(shown(win)).toHaveLength(1);
  });
});
