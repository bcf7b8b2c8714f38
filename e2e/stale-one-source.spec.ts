/**
 * One source of two dies, in browser mode: two seeded simulators as `ws://` sources, the dead
 * one's instrument charted (so the order book, depth chart and trade tape are its). Everything
 * of the dead source must say its data is old, every watchlist row of it greyed and the book
 * column marked with why, while the live source's rows stay live; when it comes back on the same
 * port, all of that clears. Screenshots in artifacts/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../feed-simulator';
import { sourceNameOf } from '../test-support/source-name';
import { ARTIFACTS, openDashboard, type DashboardPage } from './support/dashboard-page';

/** Two light feeds of four instruments each (different seeds: different prices). */
const SIM: SimulatorOptions = { rate: 200, instruments: 4, matches: 0 };
/** The page says a source is gone within this (stale.spec.ts's bound), ms. */
const STALE_SHOWN_WITHIN_MS = 3_000;

let live: RunningSimulator | undefined;
let dying: RunningSimulator | undefined;
/** The sources' names: both `ws://127.0.0.1` feeds, told apart by their ports. */
let LIVE: string;
let DYING: string;
let dashboard: DashboardPage | undefined;
let page: Page;

const rowsOf = (source: string, stale: boolean) =>
  page.locator(`[data-testid^="watchlist-row-${source}:"][data-stale="${stale}"]`).count();
const depth = () => page.getByRole('complementary', { name: 'Depth and trades' });

beforeAll(async () => {
  live = await startSimulator({ ...SIM, seed: 3, port: 0 });
  dying = await startSimulator({ ...SIM, seed: 5, port: 0 });
  [LIVE, DYING] = [sourceNameOf(live.url), sourceNameOf(dying.url)];
  dashboard = await openDashboard('stale-one-source', ['--feed', live.url, '--feed', dying.url]);
  page = dashboard.page;
});

afterAll(async () => {
  await dashboard?.close();
  await live?.close();
  await dying?.close();
});

describe('one source of two dies (browser mode)', () => {
  it('starts with both live, the dying source charted and its book beside the charts', async () => {
    for (const name of [LIVE, DYING])
      await expect
        .poll(() => page.getByTestId(`health-source-${name}`).getAttribute('data-state'), {
          timeout: 20_000,
        })
        .toBe('live');
    await page.getByTestId(`watchlist-row-${DYING}:ACME`).click();
    await expect.poll(() => depth().locator('h2').innerText()).toMatch(`${DYING}:ACME book`);
    await expect
      .poll(() => page.getByTestId('tape-row').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await rowsOf(DYING, true)).toBe(0);
    expect(await depth().getAttribute('data-stale')).toBe('false');
  });

  it("greys the dead source's rows and marks its book, depth chart and tape, and no other's", async () => {
    const port = dying!.port;
    const killedAt = Date.now();
    await dying!.close();
    dying = undefined;
    await expect
      .poll(() => rowsOf(DYING, true), { timeout: STALE_SHOWN_WITHIN_MS })
      .toBe(SIM.instruments);
    console.log(`rows greyed ${Date.now() - killedAt} ms after the source closed`);
    expect(await rowsOf(LIVE, true)).toBe(0);
    expect(await rowsOf(LIVE, false)).toBe(SIM.instruments);
    await expect.poll(() => depth().getAttribute('data-stale')).toBe('true');
    expect(await depth().getByTestId('depth-stale').innerText()).toMatch(
      /^Disconnected · data \d+ (ms|s) old$/,
    );
    // Its canvases (ladder, depth chart, tape) lose their colour, as a stale chart's do.
    const filters = await depth()
      .locator('canvas')
      .evaluateAll((canvases) => canvases.map((c) => getComputedStyle(c).filter));
    expect(filters.length).toBeGreaterThanOrEqual(3);
    for (const filter of filters) expect(filter).toBe('grayscale(1)');
    await page.screenshot({ path: join(ARTIFACTS, 'stale-one-source.png') });

    dying = await startSimulator({ ...SIM, seed: 5, port });
    await expect
      .poll(() => page.getByTestId(`health-source-${DYING}`).getAttribute('data-state'), {
        timeout: 30_000,
      })
      .toBe('live');
    await expect.poll(() => rowsOf(DYING, true), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => depth().getAttribute('data-stale'), { timeout: 5_000 }).toBe('false');
    expect(await depth().getByTestId('depth-stale').count()).toBe(0);
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
