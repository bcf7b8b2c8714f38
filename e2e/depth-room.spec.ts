/**
 * bug 242: the order book column at 1366 × 768, with the sports panel under the charts: the trade
 * tape showed three trades, and the ladder, cut at its foot, ten asks and five bids. The tape
 * now keeps six, and the ladder is centred on the spread, its other levels a scroll away.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS } from './support/dashboard-page';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const LEVELS = 10;
/** The ladder's and the tape's rows, and the spread's, CSS px (components/ladder-canvas.ts). */
const ROW_PX = 16;
const SPREAD_PX = 18;

let dash: SimulatedDashboard | undefined;
beforeAll(async () => {
  dash = await openSimulatedDashboard('depth-room', {
    seed: 5,
    instruments: 3,
    matches: 4,
    rate: 120,
    bookLevels: LEVELS,
  });
  await dash.page.setViewportSize({ width: 1366, height: 768 });
  await dash.page.getByTestId('sports-panel').waitFor({ timeout: 20_000 });
  await dash.page.waitForSelector(`[data-testid="depth-bid-${LEVELS - 1}"]`, { timeout: 20_000 });
});
afterAll(async () => {
  await dash?.close();
});

describe('the order book column at 1366 × 768', () => {
  it('keeps six trades in view, and the ladder centred on the spread with all its levels', async () => {
    const { page } = dash!;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    const seen = await page.evaluate(() => {
      const ladder = document.querySelector<HTMLElement>('[data-testid="depth-ladder"]')!;
      const spread = document
        .querySelector('[data-testid="depth-spread"]')!
        .getBoundingClientRect();
      const box = ladder.getBoundingClientRect();
      const tape = document.querySelector('[data-testid="trade-tape"] .rows')!;
      return {
        tapePx: tape.clientHeight,
        ladderPx: ladder.clientHeight,
        ladderScrollPx: ladder.scrollHeight,
        spreadOffCentrePx: Math.abs(spread.top + spread.height / 2 - (box.top + box.height / 2)),
      };
    });
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'depth-room-1366x768.png') });
    console.log('depth room', JSON.stringify(seen));
    // Before: 52 px of tape (three trades), the spread 44 px under the ladder's middle.
    expect(seen.tapePx).toBeGreaterThanOrEqual(6 * ROW_PX);
    expect(seen.spreadOffCentrePx).toBeLessThanOrEqual(ROW_PX);
    expect(seen.ladderScrollPx).toBeGreaterThanOrEqual(2 * LEVELS * ROW_PX + SPREAD_PX);
    // The book still shows a useful part of itself: five levels a side at least.
    expect(seen.ladderPx).toBeGreaterThanOrEqual(10 * ROW_PX + SPREAD_PX);
  });
});
