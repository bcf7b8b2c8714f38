/**
 * Counts a page's canvas redraws by the chart they belong to (its nearest test id), from each
 * `clearRect` that clears a whole canvas (Chart.js and the sparklines clear before they draw):
 * a count the machine's load moves far less than it moves times, and what a user sees change.
 * A page's frame rate alone does not say it: a frame may draw one of a batch's charts or all.
 */
import type { Page } from 'playwright-core';

declare global {
  interface Window {
    __benchRedraws?: Map<string, number>;
  }
}

/** Starts counting in `page`; `take` returns the redraws a second by chart since the last. */
export async function countRedraws(
  page: Page,
): Promise<{ take(): Promise<Record<string, number>> }> {
  await page.evaluate(() => {
    const counts = (window.__benchRedraws = new Map<string, number>());
    const clear = CanvasRenderingContext2D.prototype.clearRect;
    CanvasRenderingContext2D.prototype.clearRect = function (x, y, w, h) {
      const canvas = this.canvas;
      if (x === 0 && y === 0 && w >= canvas.clientWidth - 1) {
        const holder = canvas.closest<HTMLElement>('[data-testid]')?.dataset.testid ?? 'other';
        const key = holder.startsWith('watchlist')
          ? 'sparkline'
          : holder.split(/-(?=[^-]*[\d:])/)[0]!;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      clear.call(this, x, y, w, h);
    };
  });
  let last = performance.now();
  return {
    take: async () => {
      const counts = await page.evaluate(() => {
        const out = Object.fromEntries(window.__benchRedraws!);
        window.__benchRedraws!.clear();
        return out;
      });
      const now = performance.now();
      const seconds = (now - last) / 1000;
      last = now;
      return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, n / seconds]));
    },
  };
}

/** Redraws a second as a note: `price-chart 30, candle-chart 29`. */
export function redrawsNote(perS: Record<string, number>): string {
  return Object.entries(perS)
    .map(([k, n]) => `${k} ${n.toFixed(0)}`)
    .join(', ');
}
