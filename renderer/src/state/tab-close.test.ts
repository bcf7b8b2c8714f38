import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOSE_REFUSED_AFTER_MS, closeTab, presencePage } from './tab-close';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A tab's window whose browser closes it or keeps it. */
const tab = (closes: boolean) => {
  const win = { closed: false, close: vi.fn(() => void (win.closed = closes)) };
  return win;
};

describe('closeTab', () => {
  it('says nothing when the tab goes', () => {
    const win = tab(true);
    const refused = vi.fn();
    closeTab(win, refused);
    vi.advanceTimersByTime(CLOSE_REFUSED_AFTER_MS * 4);
    expect(win.close).toHaveBeenCalledOnce();
    expect(refused).not.toHaveBeenCalled();
  });

  it('says so when the browser keeps the tab, once it has had time to go', () => {
    const win = tab(false);
    const refused = vi.fn();
    closeTab(win, refused);
    expect(refused).not.toHaveBeenCalled();
    vi.advanceTimersByTime(CLOSE_REFUSED_AFTER_MS);
    expect(refused).toHaveBeenCalledOnce();
  });
});

describe('presencePage', () => {
  it('reads the window’s place as it is now, and its close says a refusal', () => {
    const listeners: string[] = [];
    const win = {
      ...tab(false),
      screenX: 10,
      screenY: 20,
      outerWidth: 800,
      outerHeight: 600,
      addEventListener: (type: string) => listeners.push(`+${type}`),
      removeEventListener: (type: string) => listeners.push(`-${type}`),
    };
    const refused = vi.fn();
    const page = presencePage(win as unknown as Window, refused);
    win.screenX = 30;
    expect([page.screenX, page.screenY, page.outerWidth, page.outerHeight]).toEqual([
      30, 20, 800, 600,
    ]);
    const onhide = () => {};
    page.addEventListener('pagehide', onhide);
    page.removeEventListener('pagehide', onhide);
    expect(listeners).toEqual(['+pagehide', '-pagehide']);
    page.close();
    vi.advanceTimersByTime(CLOSE_REFUSED_AFTER_MS);
    expect(refused).toHaveBeenCalledOnce();
  });
});
