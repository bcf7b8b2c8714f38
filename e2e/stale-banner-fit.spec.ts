/**
 * The stale banner read at a glance, with several sources down: the simulator and four mock
 * venues (two Krakens, two Coinbases, test-support/streaming-exchanges.ts), the venues stopped
 * one, two, then all four, at 1280, 1600 and 1920 pixels. Every source down keeps its name and
 * state in view and the live one is named, none cut at the window's edge; the panels below move
 * by the banner's own height and no more, and are back where they were when the venues return.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startStreamingCoinbase,
  startStreamingKraken,
  type StreamingExchange,
} from '../test-support/streaming-exchanges';
import { ARTIFACTS, openDashboard, type DashboardPage } from './support/dashboard-page';

const BTC_USD = 45_000;
const WIDTHS = [1280, 1600, 1920];
const HEIGHT = 900;

interface Venue {
  readonly name: string;
  readonly start: (port?: number) => Promise<StreamingExchange>;
  mock?: StreamingExchange;
}
const VENUES: Venue[] = [
  { name: 'kraken', start: (port) => startStreamingKraken('BTC/USD', BTC_USD, port) },
  { name: 'coinbase', start: (port) => startStreamingCoinbase('BTC-USD', BTC_USD, port) },
  { name: 'kraken-2', start: (port) => startStreamingKraken('BTC/USD', BTC_USD, port) },
  { name: 'coinbase-2', start: (port) => startStreamingCoinbase('BTC-USD', BTC_USD, port) },
];

let dashboard: DashboardPage | undefined;
let page: Page;

const chipState = (name: string) =>
  page.getByTestId(`health-source-${name}`).getAttribute('data-state');

/** Where the panels below the banner are, and what of the banner is cut or out of the window. */
function bannerLayout(page: Page) {
  return page.evaluate(() => {
    const grid = document.querySelector('.app > .grid')!.getBoundingClientRect();
    const banner = document.querySelector('[data-testid="stale-banner"]');
    const cut: string[] = [];
    for (const el of banner?.querySelectorAll<HTMLElement>('strong, [data-testid="stale-live"]') ??
      []) {
      const box = el.getBoundingClientRect();
      if (el.scrollWidth > el.clientWidth || box.right > window.innerWidth || box.width === 0)
        cut.push(el.textContent ?? '');
    }
    return {
      gridTop: grid.top,
      gridLeft: grid.left,
      gridWidth: grid.width,
      bannerHeight: banner?.getBoundingClientRect().height ?? 0,
      headlines: [...(banner?.querySelectorAll('strong') ?? [])].map((s) => s.textContent),
      live: banner?.querySelector('[data-testid="stale-live"]')?.textContent ?? '',
      cut,
    };
  });
}

type Layout = Awaited<ReturnType<typeof bannerLayout>>;
/** The layout with no banner, at each width. */
const unbannered = new Map<number, Layout>();

/** Checks the banner at every width with `down` stopped: each named, nothing cut or moved. */
async function expectBannerFits(down: readonly string[], live: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    const first = await bannerLayout(page);
    expect(first.headlines.map((h) => h?.split(' ')[0])).toEqual(down);
    expect(first.live).toBe(live);
    expect(first.cut, `${width} px`).toEqual([]);
    // The panels move down by the banner's height, no more, and keep their width.
    const before = unbannered.get(width)!;
    expect(first.gridTop).toBeCloseTo(before.gridTop + first.bannerHeight, 0);
    expect([first.gridLeft, first.gridWidth]).toEqual([before.gridLeft, before.gridWidth]);
    // The countdown and the ages tick: the banner's height does not.
    await page.waitForTimeout(1_100);
    expect((await bannerLayout(page)).bannerHeight).toBe(first.bannerHeight);
    // For people to look at (an artifact, not a check).
    await page.screenshot({
      path: join(ARTIFACTS, `stale-banner-${down.length}-down-${width}.png`),
      clip: { x: 0, y: 0, width, height: 160 },
    });
  }
}

async function stop(venue: Venue) {
  await venue.mock!.stop();
  await expect.poll(() => chipState(venue.name), { timeout: 20_000 }).not.toBe('live');
}

beforeAll(async () => {
  for (const venue of VENUES) venue.mock = await venue.start();
  const feeds = VENUES.flatMap((v) => [
    '--feed',
    v.name.startsWith('kraken') ? 'kraken:BTC/USD' : 'coinbase:BTC-USD',
    '--feed-endpoint',
    v.mock!.endpoint,
  ]);
  dashboard = await openDashboard('stale-fit', ['--feed', 'sim', ...feeds]);
  page = dashboard.page;
});

afterAll(async () => {
  await dashboard?.close('stale-banner-fit.png');
  for (const venue of VENUES) await venue.mock?.stop();
});

describe('the stale banner with several sources down', () => {
  it('lays out with every source live and no banner', async () => {
    for (const name of ['sim', ...VENUES.map((v) => v.name)])
      await expect.poll(() => chipState(name), { timeout: 30_000 }).toBe('live');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      const layout = await bannerLayout(page);
      expect(layout.bannerHeight).toBe(0);
      unbannered.set(width, layout);
    }
  });

  it('names one source down and the live ones, whole, at every width', async () => {
    await stop(VENUES[0]!);
    await expectBannerFits(['kraken'], 'sim, coinbase, kraken-2, coinbase-2 are live');
  });

  it('names two sources down, each on its own line, and the live ones', async () => {
    await stop(VENUES[1]!);
    await expectBannerFits(['kraken', 'coinbase'], 'sim, kraken-2, coinbase-2 are live');
  });

  it('names four sources down and the one live', async () => {
    await stop(VENUES[2]!);
    await stop(VENUES[3]!);
    await expectBannerFits(['kraken', 'coinbase', 'kraken-2', 'coinbase-2'], 'sim is live');
  });

  it('leaves the panels where they were when the sources return', async () => {
    for (const venue of VENUES) venue.mock = await venue.start(venue.mock!.port);
    for (const venue of VENUES)
      await expect.poll(() => chipState(venue.name), { timeout: 30_000 }).toBe('live');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      const layout = await bannerLayout(page);
      expect(layout.bannerHeight).toBe(0);
      expect(layout.gridTop).toBe(unbannered.get(width)!.gridTop);
    }
  });
});
