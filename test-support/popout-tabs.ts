/** A fake `window.open` for the browser page's pop-out tabs (renderer/src/state/popouts). */
import { vi } from 'vitest';
import type { Tab, TabHost } from '../renderer/src/state/popouts.svelte';

/** A page URL with its token, as the browser mode serves it. */
export const PAGE_URL = 'http://127.0.0.1:5180/?token=abc';

/** A tab the fake opened; `closed` is writable so a test can close it as a user would. */
export type FakeTab = Tab & { closed: boolean };

/**
 * Opens a tab per call, each at 100, 50, 800 × 600. `allow(n)` lets only the next n calls
 * open one and the later ones return null, as a pop-up blocker allowing one tab a click does;
 * `allow(Infinity)` lifts it.
 */
export function fakeTabHost(pageUrl = PAGE_URL) {
  const opened: { url: string; name: string; tab: FakeTab }[] = [];
  let allowed = Infinity;
  const host = {
    pageUrl,
    open: vi.fn((url: string, name: string): Tab | null => {
      if (allowed <= 0) return null;
      allowed--;
      const tab: FakeTab = {
        closed: false,
        close: () => {
          tab.closed = true;
        },
        screenX: 100,
        screenY: 50,
        outerWidth: 800,
        outerHeight: 600,
      };
      opened.push({ url, name, tab });
      return tab;
    }),
  } satisfies TabHost;
  return { host, opened, allow: (n: number) => void (allowed = n) };
}
