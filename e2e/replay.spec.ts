/**
 * Replay end to end: a few seconds of the seeded simulator recorded here, then
 * `node out/main/web.js --replay <dir>` (the browser mode, built by `npm run test:e2e`) driven in
 * headless Debian Chromium through the replay bar: the health bar says REPLAY, pause holds the
 * position, seek moves it, step advances it, the watchlist shows the recorded instruments.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorOptions } from '../feed-simulator';
import { startRecordedReplay, type RecordedReplay } from './support/recorded-replay';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SIM: SimulatorOptions = { seed: 7, rate: 400, instruments: 8, matches: 2 };
/** Recorded time, ms: long enough to seek around in at a slow speed. */
const RECORD_MS = 6_000;

let replay: RecordedReplay | undefined;
let page: Page;

const bar = () => page.getByTestId('replay-bar');
/** The position the bar shows, epoch ms of recorded time. */
const position = async () =>
  Number(await page.getByTestId('replay-position').getAttribute('data-position'));
const start = async () => Number(await bar().getAttribute('data-start'));

beforeAll(async () => {
  replay = await startRecordedReplay({
    tmpPrefix: 'tickdeck-e2e-replay-',
    sim: SIM,
    recordMs: RECORD_MS,
  });
  page = replay.page;
});

afterAll(() => replay?.close());

describe('replay in browser mode', () => {
  it('says REPLAY in the health bar and shows the replay bar', async () => {
    await bar().waitFor({ timeout: 20_000 });
    // Playing, or ended: a loaded machine can take longer than the 6 s recording to bring the
    // page up. Play and pause are checked on their own below.
    await expect
      .poll(() => page.getByTestId('connection-status').innerText(), { timeout: 10_000 })
      .toMatch(/^(▶\s*REPLAY|❚❚\s*REPLAY\s*ended)/);
    expect(await page.getByTestId('replay-status').textContent()).toMatch(/\d\d:\d\d:\d\d\.\d/);
    expect(await page.getByLabel('Feed health').textContent()).toContain('Replay: session');
  });

  it('shows the recorded instruments in the watchlist', async () => {
    const rows = page.locator('[data-testid^="watchlist-row-"]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(SIM.instruments);
  });

  it('plays from a seek to the start at a slow speed, and pause holds the position', async () => {
    await page.getByLabel('Replay speed').selectOption({ label: '0.5×' });
    await page.getByRole('slider', { name: 'Replay position' }).fill('0');
    const t0 = await start();
    await expect.poll(position, { timeout: 10_000 }).toBeLessThan(t0 + 1_500);
    const play = page.getByRole('button', { name: 'Play replay' });
    if (await play.isVisible()) await play.click();
    const from = await position();
    await expect.poll(position, { timeout: 10_000 }).toBeGreaterThan(from);

    await page.getByRole('button', { name: 'Pause replay' }).click();
    await page.getByRole('button', { name: 'Play replay' }).waitFor({ timeout: 5_000 });
    await page.waitForTimeout(1_200); // the pause's own state frame has arrived
    const held = await position();
    await page.waitForTimeout(2_500);
    expect(await position()).toBe(held);
    expect(await page.getByTestId('connection-status').innerText()).toMatch(/REPLAY\s*paused/);
  });

  it('seeks to a moment on the timeline, and steps one second from there', async () => {
    const t0 = await start();
    await page.getByRole('slider', { name: 'Replay position' }).fill('4000');
    await expect
      .poll(async () => Math.abs((await position()) - (t0 + 4_000)), { timeout: 10_000 })
      .toBeLessThan(300);
    await page.getByRole('slider', { name: 'Replay position' }).fill('1000');
    await expect
      .poll(async () => Math.abs((await position()) - (t0 + 1_000)), { timeout: 10_000 })
      .toBeLessThan(300);
    const before = await position();
    await page.getByRole('button', { name: 'Step one second' }).click();
    await expect
      .poll(async () => (await position()) - before, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(900);
  });

  it('sets a range and loop from the bar', async () => {
    await page.getByRole('button', { name: /From here/ }).click();
    await expect.poll(() => page.getByTestId('replay-range').count(), { timeout: 5_000 }).toBe(1);
    await page.getByRole('button', { name: 'Loop' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Loop' }).getAttribute('aria-pressed'), {
        timeout: 5_000,
      })
      .toBe('true');
    // An artifact for people to look at, not a check.
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}replay.png` });
  });

  it('closes the replay and goes back to the configured feed', async () => {
    await page.getByRole('button', { name: 'Close replay' }).click();
    await expect.poll(() => bar().count(), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(() => page.getByTestId('connection-status').getAttribute('data-state'), {
        timeout: 20_000,
      })
      .toBe('live');
  });

  it('ran under the strict Content-Security-Policy without errors', () => {
    expect(replay!.pageProblems).toEqual([]);
  });
});
