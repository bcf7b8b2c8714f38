/**
 * Counts a page's DOM writes (a MutationObserver's records: texts, attributes, children
 * added or removed) by the part of the page they fall in, for `BENCH_DOM_WRITES=1` in the
 * windows bench: a count the machine's load moves far less than it moves frame rates. The
 * observer costs the page a little script of its own, so it is off by default.
 */
import type { Page } from 'playwright-core';

/** The parts counted apart, by the selector of their root; the rest is "other". */
const PARTS: Record<string, string> = {
  watchlist: '.watchlist',
  sports: '[data-testid="sports-panel"]',
  health: 'footer',
};

declare global {
  interface Window {
    __benchWrites?: { counts: Record<string, number>; passes: Record<string, number> };
  }
}

/**
 * Starts counting; `take` returns, since the previous call, the writes a second by part and
 * the passes a second that wrote into each part.
 */
export async function countDomWrites(page: Page): Promise<{
  take(): Promise<{ writes: Record<string, number>; passes: Record<string, number> }>;
}> {
  await page.evaluate((parts) => {
    const state = (window.__benchWrites = {
      counts: {} as Record<string, number>,
      passes: {} as Record<string, number>,
    });
    new MutationObserver((records) => {
      // One callback a microtask checkpoint: a part written in it had a pass of writes (a
      // batch's, or a frame's).
      const written = new Set<string>();
      for (const r of records) {
        const el = r.target instanceof Element ? r.target : r.target.parentElement;
        const part = Object.keys(parts).find((k) => el?.closest(parts[k]!)) ?? 'other';
        state.counts[part] = (state.counts[part] ?? 0) + 1;
        written.add(part);
      }
      for (const part of written) state.passes[part] = (state.passes[part] ?? 0) + 1;
    }).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  }, PARTS);
  let since = performance.now();
  return {
    async take() {
      const now = performance.now();
      const { counts, passes } = await page.evaluate(() => {
        const taken = { ...window.__benchWrites! };
        window.__benchWrites!.counts = {};
        window.__benchWrites!.passes = {};
        return taken;
      });
      const s = (now - since) / 1000;
      since = now;
      const rate = (c: Record<string, number>) =>
        Object.fromEntries(Object.entries(c).map(([k, n]) => [k, n / s]));
      return { writes: rate(counts), passes: rate(passes) };
    },
  };
}
