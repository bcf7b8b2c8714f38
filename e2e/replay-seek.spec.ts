/**
 * A seek back in a paused replay keeps the charts: a few seconds of the seeded simulator
 * recorded here, replayed in browser mode (`node out/main/web.js --replay <dir>`), played for a
 * while, paused and sought back. The price chart must still be drawn, ending at the cursor
 * (it used to empty, its time axis 00:00 to 00:00), and the trade tape must end there too (it
 * kept the trades played after the cursor), and so must the candles, the one open at the cursor
 * included.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorOptions } from '../feed-simulator';
import { paintedPixels } from './support/chromium';
import { startRecordedReplay, type RecordedReplay } from './support/recorded-replay';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SIM: SimulatorOptions = { seed: 5, rate: 300, instruments: 4, matches: 1 };
/** Recorded time, ms. */
const RECORD_MS = 8_000;
/** Where the seek back lands, ms after the recording's start. */
const SEEK_TO_MS = 2_500;

let replay: RecordedReplay | undefined;
let page: Page;

const position = async () =>
  Number(await page.getByTestId('replay-position').getAttribute('data-position'));
const start = async () => Number(await page.getByTestId('replay-bar').getAttribute('data-start'));
/** Time of the price line's newest point (recorded epoch ms), or 0 when the chart is empty. */
const lineEnd = async () =>
  Number(
    await page.locator('[data-testid="price-chart"] canvas').first().getAttribute('data-last-t'),
  );

/** Times of the trades the tape shows (recorded epoch ms). */
const tapeTimes = async () =>
  (await page.getByTestId('tape-row').evaluateAll((rows) => rows.map((r) => r.dataset.t))).map(
    Number,
  );

beforeAll(async () => {
  replay = await startRecordedReplay({
    tmpPrefix: 'tickdeck-e2e-replay-seek-',
    sim: SIM,
    recordMs: RECORD_MS,
  });
  page = replay.page;
});

afterAll(() => replay?.close());

describe('a seek back in a paused replay', () => {
  it('shows the history up to the cursor, ending at the cursor', async () => {
    await page.getByTestId('replay-bar').waitFor({ timeout: 20_000 });
    const t0 = await start();
    // Play well past the seek target, then pause.
    await expect.poll(position, { timeout: 20_000 }).toBeGreaterThan(t0 + SEEK_TO_MS + 2_000);
    // Playback may reach the end and stop by itself first: paused either way.
    await page
      .getByRole('button', { name: 'Pause replay' })
      .click({ timeout: 2_000 })
      .catch(() => {});
    await page.getByRole('button', { name: 'Play replay' }).waitFor({ timeout: 15_000 });
    await expect.poll(lineEnd, { timeout: 10_000 }).toBeGreaterThan(t0 + SEEK_TO_MS + 1_000);

    await page.getByRole('slider', { name: 'Replay position' }).fill(String(SEEK_TO_MS));
    await expect
      .poll(async () => Math.abs((await position()) - (t0 + SEEK_TO_MS)), { timeout: 10_000 })
      .toBeLessThan(300);
    const cursor = await position();
    // The line ends at the cursor: its last point is the last tick at or before it.
    await expect.poll(lineEnd, { timeout: 10_000 }).toBeLessThanOrEqual(cursor);
    expect(await lineEnd()).toBeGreaterThan(cursor - 1_000);
    await expect
      .poll(() => paintedPixels(page, 'price-chart'), { timeout: 10_000 })
      .toBeGreaterThan(500);
    // The tape holds no trade from after the cursor: those are the new position's future.
    await expect
      .poll(async () => Math.max(...(await tapeTimes())), { timeout: 10_000 })
      .toBeLessThanOrEqual(cursor);
    expect(Math.max(...(await tapeTimes()))).toBeGreaterThan(cursor - 2_000);
    // The candle up to the cursor is drawn, as the tape lists its trades (bug 192: the candle
    // open there was dropped, and the pane said "No trades yet" in the first minute).
    const candles = page.getByTestId('candle-chart').locator('canvas').first();
    await expect.poll(() => candles.getAttribute('data-note'), { timeout: 10_000 }).toBe('');
    // Still paused, still there a moment later.
    await page.waitForTimeout(1_500);
    expect(await lineEnd()).toBeGreaterThan(cursor - 1_000);
    expect(await position()).toBe(cursor);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}replay-seek-back.png` });
  });

  it('after a seek forward, shows the price, the candle and the trades at the cursor (bug 265, bug 266)', async () => {
    // Paused at the seek back's cursor (2.5 s in); forward to 7 s, past what the engine holds.
    const t0 = await start();
    await page.getByRole('slider', { name: 'Replay position' }).fill(String(7_000));
    await expect
      .poll(async () => Math.abs((await position()) - (t0 + 7_000)), { timeout: 10_000 })
      .toBeLessThan(300);
    const cursor = await position();
    // Before: the line, its view and the tape stayed at 2.5 s, the cursor's candle out of view.
    await expect.poll(lineEnd, { timeout: 10_000 }).toBeGreaterThan(cursor - 1_000);
    expect(await lineEnd()).toBeLessThanOrEqual(cursor);
    const price = page.locator('[data-testid="price-chart"] canvas').first();
    expect(Number(await price.getAttribute('data-view-end'))).toBe(await lineEnd());
    await expect
      .poll(async () => Math.max(...(await tapeTimes())), { timeout: 10_000 })
      .toBeGreaterThan(cursor - 2_000);
    expect(Math.max(...(await tapeTimes()))).toBeLessThanOrEqual(cursor);
    const candles = page.getByTestId('candle-chart').locator('canvas').first();
    const newest = Number(await candles.getAttribute('data-newest-candle'));
    const axisEnd = Number(await candles.getAttribute('data-axis-end'));
    // The candle open at the cursor (its middle: 5 s candles here), in view.
    expect(newest).toBeGreaterThan(cursor - 5_000);
    expect(newest).toBeLessThanOrEqual(axisEnd);
    await page.screenshot({ path: `${ARTIFACTS}replay-seek-forward.png` });
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(replay!.pageProblems).toEqual([]);
  });
});
