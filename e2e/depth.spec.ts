/**
 * Depth end to end, in browser mode: with the simulator's books on, the ladder of the charted
 * instrument shows 10 levels a side with the bids below the asks, and the tape shows the
 * trades behind the watchlist's last price; with a mock Kraken, a book that fails its checksum
 * empties the ladder, is resubscribed, comes back, and the health bar counts the mismatch.
 */
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { KRAKEN_CHECKSUM_GUIDE } from '../test-support/kraken-book-payloads';
import { inkedPixels, launchChromium } from './support/chromium';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const WAIT_MS = 30_000;

/** Prices of the ladder rows of one side, index 0 (the best) first. */
async function ladder(page: Page, side: 'bid' | 'ask'): Promise<number[]> {
  return page.$$eval(`[data-testid^="depth-${side}-"]`, (rows) =>
    rows
      .map((r) => {
        // Each row's text begins with its price (its first cell).
        const price = r.firstElementChild!.textContent!.trim();
        if (!r.textContent!.trim().startsWith(price))
          throw new Error('row does not begin with its price');
        return [Number(r.getAttribute('data-testid')!.split('-')[2]), price] as const;
      })
      .sort((a, b) => a[0] - b[0])
      .map(([, text]) => parseFloat(text.replace(/,/g, ''))),
  );
}

let dash: SimulatedDashboard | undefined;
let mock: WebSocketServer | undefined;
let web: WebHostProcess | undefined;
let browser: Browser | undefined;
afterAll(async () => {
  await dash?.close();
  await browser?.close();
  await web?.stop();
  await new Promise((resolve) => (mock ? mock.close(resolve) : resolve(null)));
});

describe('depth with the simulator', () => {
  it('shows 10 levels a side, bids below asks, and a tape of the trades behind the last price', async () => {
    dash = await openSimulatedDashboard('depth', {
      seed: 5,
      instruments: 3,
      matches: 0,
      rate: 60,
      bookLevels: 10,
    });
    const { page } = dash;
    await page.waitForSelector('[data-testid="depth-ask-9"]', { timeout: WAIT_MS });
    const bids = await ladder(page, 'bid');
    const asks = await ladder(page, 'ask');
    expect(bids).toHaveLength(10);
    expect(asks).toHaveLength(10);
    for (let i = 1; i < 10; i++) {
      expect(bids[i]).toBeLessThan(bids[i - 1]!);
      expect(asks[i]).toBeGreaterThan(asks[i - 1]!);
    }
    expect(bids[0]).toBeLessThan(asks[0]!);
    // On screen the asks sit above the spread and the bids below it.
    const bestBid = await page.locator('[data-testid="depth-bid-0"]').boundingBox();
    const bestAsk = await page.locator('[data-testid="depth-ask-0"]').boundingBox();
    expect(bestBid!.y).toBeGreaterThan(bestAsk!.y);
    await page.locator('[data-testid="depth-chart"] canvas').waitFor({ timeout: WAIT_MS });

    // The newest trade on the tape is the charted instrument's last price in the watchlist
    // (read in one go; trades are rare at this rate, so most reads see a settled pair).
    const id = (await page.$eval('[data-testid="depth-ladder"]', () =>
      document.querySelector('.depth h2')!.textContent!.replace(' book', '').trim(),
    )) as string;
    await page.waitForSelector('[data-testid="tape-row"]', { timeout: WAIT_MS });
    const deadline = Date.now() + WAIT_MS;
    let pair: { tape: string; last: string } | null = null;
    while (Date.now() < deadline) {
      pair = await page.evaluate((instrument) => {
        const row = document.querySelector('[data-testid="tape-row"] .price');
        const last = document.querySelector(`[data-testid="watchlist-row-${instrument}"] td.last`);
        return { tape: row?.textContent?.trim() ?? '', last: last?.textContent?.trim() ?? '' };
      }, id);
      if (pair.tape !== '' && pair.last.includes(pair.tape)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(pair!.last, JSON.stringify(pair)).toContain(pair!.tape);
    const rows = await page.$$eval('[data-testid="tape-row"]', (r) => r.map((x) => x.textContent));
    for (const text of rows) expect(text).toMatch(/^\d\d:\d\d:\d\d.*(buy|sell)/);
    // The rows' text above is transparent: what is seen is the two canvases, drawn from the
    // same rows (each row's text is a few hundred pixels of ink; an undrawn canvas has none).
    expect(await inkedPixels(page, 'depth-ladder-canvas')).toBeGreaterThan(20 * 300);
    expect(await inkedPixels(page, 'trade-tape-canvas')).toBeGreaterThan(rows.length * 300);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}depth.png` });
    expect(dash.pageProblems).toEqual([]);
  }, 120_000);
});

describe('depth with a mock Kraken', () => {
  it('resyncs the ladder after a checksum mismatch, and the health bar counts it', async () => {
    const sockets: WebSocket[] = [];
    mock = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => mock!.once('listening', resolve));
    mock.on('connection', (socket) => {
      sockets.push(socket);
      socket.on('message', (data) => {
        const request = JSON.parse(String(data)) as {
          method: string;
          params?: { channel: string };
        };
        if (request.method !== 'subscribe') return;
        const channel = request.params?.channel;
        // The checksum guide's BTC/USD book (verified by the adapter), and a ticker snapshot
        // on it: the engine's book comes from the snapshot the resubscription brings.
        if (channel === 'book') socket.send(KRAKEN_CHECKSUM_GUIDE);
        if (channel === 'ticker')
          socket.send(
            `{"channel":"ticker","type":"snapshot","data":[{"symbol":"BTC/USD","bid":45283.5,"bid_qty":0.1,"ask":45285.2,"ask_qty":0.001,"last":45284.0,"volume":1.5,"vwap":45284.0,"low":45000.0,"high":45500.0,"change":0.0,"change_pct":0.0,"timestamp":"${new Date().toISOString()}"}]}`,
          );
      });
    });
    const settings = join(tmpdir(), `tickdeck-e2e-depth-kraken-${process.pid}.json`);
    const endpoint = `ws://127.0.0.1:${(mock.address() as AddressInfo).port}`;
    try {
      web = await startWebHostProcess([
        '--settings',
        settings,
        '--feed',
        'kraken:BTC/USD',
        '--feed-endpoint',
        endpoint,
      ]);
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(web.url);
      await page.waitForSelector('[data-testid="depth-bid-9"]', { timeout: WAIT_MS });
      expect((await ladder(page, 'bid'))[0]).toBe(45283.5);
      expect((await ladder(page, 'ask'))[0]).toBe(45285.2);
      // A book update whose checksum cannot match.
      const bad = `{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":45283.5,"qty":0.2}],"asks":[],"checksum":1,"timestamp":"${new Date().toISOString()}"}]}`;
      for (const s of sockets) s.send(bad);
      // The health bar names the broken book at once, and counts it among its details.
      await page.waitForSelector('.health .error:has-text("book checksum")', { timeout: WAIT_MS });
      await page.getByRole('button', { name: 'Details ▸' }).click();
      await page.waitForSelector('[data-testid="checksum-mismatches"]', { timeout: WAIT_MS });
      expect(await page.textContent('[data-testid="checksum-mismatches"]')).toBe('1');
      // The resubscription's snapshot brings the verified book back, unchanged by the update.
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid^="depth-bid-"]').length === 10,
        undefined,
        { timeout: WAIT_MS },
      );
      expect((await ladder(page, 'bid'))[0]).toBe(45283.5);
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}depth-kraken.png` });
    } finally {
      await rm(settings, { force: true });
    }
  }, 120_000);
});
