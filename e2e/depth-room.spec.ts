/**
 * bug 242: the order book column at 1366 × 768, with the sports panel under the charts: the trade
 * tape showed three trades, and the ladder, cut at its foot, ten asks and five bids. The tape
 * now keeps six, and the ladder is centred on the spread, its other levels a scroll away.
 * bug 261: the split between the ladder and the tape is the user's, by a divider, saved. bug 262:
 * the column's Tab stops say what they are. bug 264: under 1,000 px wide, where the column is a
 * row under the charts, the ladder shows levels.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_LADDER_PX, MIN_TAPE_PX, SPLITTER_STEP_PX } from '../renderer/src/state/panel-layout';
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

  it('shows three levels a side under 1,000 px wide, where the book is under the charts (bug 264)', async () => {
    const { page } = dash!;
    await page.setViewportSize({ width: 900, height: 700 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    const seen = await page.evaluate(() => ({
      ladder: document.querySelector<HTMLElement>('[data-testid="depth-ladder"]')!.clientHeight,
      rows: document.querySelector<HTMLElement>('[data-testid="trade-tape"] .rows')!.clientHeight,
    }));
    await page
      .locator('aside.depth')
      .screenshot({ path: join(ARTIFACTS, 'depth-room-900x700.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    // Before: the ladder 16 px high, the spread and no level.
    expect(seen.ladder).toBeGreaterThanOrEqual(MIN_LADDER_PX);
    expect(seen.rows).toBeGreaterThanOrEqual(6 * ROW_PX);
  });

  it('lets the tape be made higher by its divider, by keys, saved and kept after a reload (bug 261)', async () => {
    const { page } = dash!;
    const heights = () =>
      page.evaluate(() => ({
        tape: document.querySelector<HTMLElement>('[data-testid="trade-tape"]')!.offsetHeight,
        ladder: document.querySelector<HTMLElement>('[data-testid="depth-ladder"]')!.offsetHeight,
      }));
    const savedTapePx = async () =>
      (JSON.parse(await readFile(dash!.settings, 'utf8')) as { panels: { tapePx: unknown } }).panels
        .tapePx;
    const divider = page.getByRole('separator', { name: 'Resize the trade tape (arrow keys)' });
    const before = await heights();
    await divider.focus();
    expect(Number(await divider.getAttribute('aria-valuenow'))).toBe(before.tape);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    const raised = before.tape + 2 * SPLITTER_STEP_PX;
    await expect.poll(async () => (await heights()).tape).toBe(raised);
    expect(await divider.getAttribute('aria-valuetext')).toBe(`${raised} pixels`);
    await expect.poll(savedTapePx).toBe(raised);
    await page.screenshot({ path: join(ARTIFACTS, 'depth-room-tape-raised-1366x768.png') });

    await page.reload();
    await page.waitForSelector('[data-testid="depth-bid-0"]', { timeout: 20_000 });
    expect((await heights()).tape).toBe(raised);

    // As far as it goes, the ladder keeps three levels a side and the spread; then its least.
    await divider.focus();
    await page.keyboard.press('End');
    await expect.poll(async () => (await heights()).ladder).toBe(MIN_LADDER_PX);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await heights()).tape).toBe(MIN_TAPE_PX);
    // A size saved in a higher window leaves the ladder its least in a lower one.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await divider.focus();
    await page.keyboard.press('End');
    await expect.poll(savedTapePx).toBeGreaterThan(400);
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect.poll(async () => (await heights()).ladder).toBe(MIN_LADDER_PX);
    expect(dash!.pageProblems).toEqual([]);
  });

  it('names the column’s Tab stops for what they are, in reading order (bug 262)', async () => {
    const { page } = dash!;
    const stops = [
      ['region', 'ACME order book, asks above bids'],
      ['separator', 'Resize the trade tape (arrow keys)'],
      ['button', 'Pause the trade tape'],
      ['region', 'Trades, newest first'],
    ] as const;
    await page.getByRole('separator', { name: 'Resize the order book and tape' }).focus();
    const seen: string[] = [];
    for (const [role, name] of stops) {
      await page.keyboard.press('Tab');
      // The role and name as Chromium gives them to a screen reader; else what has the focus.
      const stop = page.getByRole(role, { name, exact: true });
      const here =
        (await stop.count()) === 1 && (await stop.evaluate((el) => el === document.activeElement));
      seen.push(
        here
          ? `${role} ${name}`
          : await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? ''),
      );
    }
    // Before: "region Order book", "button Pause", and the tape's region inside a "Trade tape" one.
    expect(seen).toEqual(stops.map(([role, name]) => `${role} ${name}`));
  });
});
