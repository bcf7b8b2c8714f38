/**
 * Recording several sources at once in browser mode: the embedded simulator and a mock Kraken
 * recorded with one press of Record (one stream each), the set offered once in Open recording
 * with its sources' names, and replayed beside the live sources as `replay:<source>:<id>`, a
 * watchlist group per recorded source, each row's symbol readable whole.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamingKraken, type StreamingExchange } from '../test-support/streaming-exchanges';
import { ARTIFACTS, openDashboard, type DashboardPage } from './support/dashboard-page';

let dir = '';
let kraken: StreamingExchange | undefined;
let dashboard: DashboardPage | undefined;
let page: Page;

const chipState = (name: string) =>
  page.getByTestId(`health-source-${name}`).getAttribute('data-state');
const row = (id: string) => page.getByTestId(`watchlist-row-${id}`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-e2e-record-set-'));
  kraken = await startStreamingKraken('BTC/USD', 45_000);
  dashboard = await openDashboard('record-set', [
    '--recordings-dir',
    join(dir, 'recordings'),
    '--feed',
    'sim',
    '--feed',
    'kraken:BTC/USD',
    '--feed-endpoint',
    kraken.endpoint,
  ]);
  page = dashboard.page;
});

afterAll(async () => {
  await dashboard?.close('record-several-sources.png');
  await kraken?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('recording several sources at once', () => {
  it('records both sources into one set and replays them together beside the live ones', async () => {
    for (const name of ['sim', 'kraken'])
      await expect.poll(() => chipState(name), { timeout: 30_000 }).toBe('live');
    expect(await page.getByTestId('record-sources').textContent()).toBe('all sources');
    await page.getByRole('button', { name: '● Record' }).click();
    await page.getByRole('button', { name: '■ Stop recording' }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(3_000);
    await page.getByRole('button', { name: '■ Stop recording' }).click();
    const saved = page.getByText(/^Recording saved to /);
    await saved.waitFor({ timeout: 10_000 });
    const folder = ((await saved.textContent()) ?? '').replace(/^Recording saved to /, '').trim();
    const set = JSON.parse(await readFile(join(folder, 'sources.json'), 'utf8')) as {
      sources: { name: string }[];
    };
    expect(set.sources.map((s) => s.name)).toEqual(['sim', 'kraken']);

    // Open recording lists the set once, with its sources' names.
    await page.getByRole('button', { name: /Open recording/ }).click();
    const listed = page
      .locator('#open-recording-form')
      .getByRole('button', { name: /sim \+ kraken/ });
    await listed.waitFor({ timeout: 10_000 });
    await listed.click();
    await page.getByTestId('replay-bar').waitFor({ timeout: 20_000 });

    // The live groups folded away, the replay's rows of both recorded sources are in view.
    for (const name of ['sim', 'kraken']) await page.getByTestId(`source-${name}`).click();
    await expect.poll(() => row('replay:sim:ACME').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => row('replay:kraken:BTC/USD').count(), { timeout: 20_000 }).toBe(1);
    expect(await chipState('sim')).toBe('live');
    expect(await chipState('kraken')).toBe('live');

    // One group per recorded source, not one `replay` group (the watchlist's chips: the sports
    // panel has its own).
    const groups = page.getByRole('group', { name: 'Sources', exact: true }).getByRole('button');
    await expect
      .poll(() => groups.evaluateAll((chips) => chips.map((c) => c.getAttribute('data-testid'))))
      .toEqual(['source-sim', 'source-kraken', 'source-replay:kraken', 'source-replay:sim']);
    expect(await page.getByTestId('source-replay:kraken').textContent()).toMatch(
      /replay · kraken\s*\d+/,
    );
    // The symbol is drawn whole inside its cell; the source part before it gives way.
    for (const id of ['replay:sim:ACME', 'replay:kraken:BTC/USD']) {
      const fits = await row(id)
        .getByRole('rowheader')
        .evaluate((th) => {
          const own = th.querySelector('.own');
          if (!own) return 'no symbol of its own';
          const cell = th.getBoundingClientRect();
          const symbol = own.getBoundingClientRect();
          return symbol.left >= cell.left && symbol.right <= cell.right ? 'whole' : 'cut';
        });
      expect(fits, id).toBe('whole');
      const title = await row(id).getByRole('rowheader').getAttribute('title');
      expect(title?.startsWith(`${id} · `), title ?? '').toBe(true);
    }
    await mkdir(ARTIFACTS, { recursive: true });
    await page
      .locator('section.watchlist')
      .screenshot({ path: `${ARTIFACTS}record-several-sources-watchlist.png` });

    // A recorded venue hides alone: the other's rows stay.
    await page.getByTestId('source-replay:sim').click();
    await expect.poll(() => row('replay:sim:ACME').count(), { timeout: 10_000 }).toBe(0);
    expect(await row('replay:kraken:BTC/USD').count()).toBe(1);
  });
});
