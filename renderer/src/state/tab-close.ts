/**
 * A pop-out tab closing itself, and what it does when the browser will not let it: a browser
 * lets a script close only a tab a page opened, or one with no other page in its history
 * (Chromium: "Scripts may close only the windows that were opened by them"). A pop-out's URL
 * opened by hand in a tab that had shown another page is neither, and its Close did nothing.
 */
import type { PresencePage } from './popout-presence';

/** How long a closed tab is given to go before it says the browser kept it, ms. */
export const CLOSE_REFUSED_AFTER_MS = 250;

/** What closing needs of the tab's `window` (a fake in tests). */
export type ClosingWindow = Pick<Window, 'close' | 'closed'>;

/** Closes the tab; `onrefused` when the browser keeps it, where the tab says how to close it. */
export function closeTab(win: ClosingWindow, onrefused: () => void): void {
  win.close();
  setTimeout(() => {
    if (!win.closed) onrefused();
  }, CLOSE_REFUSED_AFTER_MS);
}

/** The tab's `window` as its presence reads it, its closing said when refused (`closeTab`). */
export function presencePage(win: Window, onrefused: () => void): PresencePage {
  return {
    get screenX() {
      return win.screenX;
    },
    get screenY() {
      return win.screenY;
    },
    get outerWidth() {
      return win.outerWidth;
    },
    get outerHeight() {
      return win.outerHeight;
    },
    addEventListener: (type, listener) => win.addEventListener(type, listener),
    removeEventListener: (type, listener) => win.removeEventListener(type, listener),
    close: () => closeTab(win, onrefused),
  };
}
