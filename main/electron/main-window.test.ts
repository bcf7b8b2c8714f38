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
});
