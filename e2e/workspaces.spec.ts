/**
 * Workspaces end to end, in browser mode against the embedded simulator: a layout is set up in
 * the page (a grid of 4, four instruments charted, an alert rule), saved as a workspace, then
 * changed; the web host is restarted with `--workspace <name>` on the same settings file and
 * the page reloaded, and the layout, the charts (each drawing its line) and the rule are back.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANVAS_RECORDER } from './support/canvas-recorder';
import { collectPageProblems, launchChromium } from './support/chromium';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const WORKSPACE = 'Four desk';

let browser: Browser | undefined;
let page: Page;
let pageProblems: readonly string[] = [];
let web: WebHostProcess | undefined;
let dir: string | undefined;
let charted: string[] = [];

const host = (extra: readonly string[] = []) =>
  startWebHostProcess(['--settings', join(dir!, 'settings.json'), ...extra]);

/** The instruments the chart grid shows, in cell order, from each chart's header. */
const chartIds = () =>
  page.getByTestId('chart-grid').locator('article.instrument > header strong').allInnerTexts();
const gridSize = () => page.getByTestId('chart-grid').getAttribute('data-grid');
const ruleTexts = () => page.locator('[data-testid^="alert-rule-"] .text').allInnerTexts();

/** Points of the longest line each price chart in the grid drew last, in cell order. */
const plottedPoints = () =>
  page
    .getByTestId('chart-grid')
    .getByTestId('price-chart')
    .locator('canvas')
    .evaluateAll((canvases) =>
      canvases.map((canvas) => {
        const frame = (
          window as unknown as {
            __canvasFrame: (c: Element) => { paths: unknown[][] } | undefined;
          }
        ).__canvasFrame(canvas);
        return Math.max(0, ...(frame?.paths ?? []).map((p) => p.length));
      }),
    );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-e2e-workspaces-'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.addInitScript(CANVAS_RECORDER);
  pageProblems = collectPageProblems(page);
  web = await host();
  await page.goto(web.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('workspaces in browser mode', () => {
  it('sets up a grid of four charts', async () => {
    const rows = page.locator('[data-testid^="watchlist-row-"]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(5);
    const ids = (await rows.evaluateAll((els) => els.map((el) => el.dataset.testid ?? ''))).map(
      (t) => t.replace('watchlist-row-', ''),
    );
    charted = ids.slice(1, 5);
    await page.getByTestId('chart-grid-4').click();
    await expect.poll(gridSize).toBe('4');
    await page.getByTestId(`watchlist-row-${charted[0]}`).click();
    for (const id of charted.slice(1))
      await page.getByTestId(`watchlist-row-${id}`).click({ modifiers: ['Shift'] });
    await expect.poll(chartIds, { timeout: 20_000 }).toEqual(charted);
  });

  it('adds an alert rule and saves it all as a workspace', async () => {
    await page.getByTestId('alert-new').click();
    const form = page.getByRole('form', { name: 'New alert' });
    await form.getByLabel('Instrument').fill(charted[0]!);
    await form.getByLabel('Condition').selectOption('above');
    await form.getByLabel('Value').fill('123456');
    await form.getByRole('button', { name: 'Add' }).click();
    await expect.poll(ruleTexts).toEqual([expect.stringContaining(`${charted[0]} above 123456`)]);

    const menu = page.getByTestId('workspace-menu');
    await menu.getByRole('button', { name: /Workspace/ }).click();
    await menu.getByRole('button', { name: 'Save as…' }).click();
    await menu.getByTestId('workspace-name').fill(WORKSPACE);
    await menu.getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => menu.getByTestId(`workspace-${WORKSPACE}`).count()).toBe(1);
    expect(await page.getByTestId('workspace-current').innerText()).toBe(WORKSPACE);
  });

  it('changes the layout: one chart of another instrument, no rule', async () => {
    await page.getByTestId('chart-grid-1').click();
    await page.getByTestId(`watchlist-row-${charted[3]}`).click();
    await expect.poll(chartIds).toEqual([charted[3]]);
    await page.getByRole('button', { name: /^Delete / }).click();
    await expect.poll(ruleTexts).toEqual([]);
  });

  it('restarted with --workspace and reloaded, shows the saved layout, charts and rule', async () => {
    await web!.stop();
    web = await host(['--workspace', WORKSPACE]);
    await page.goto(web.url);
    await expect.poll(gridSize, { timeout: 20_000 }).toBe('4');
    await expect.poll(chartIds, { timeout: 20_000 }).toEqual(charted);
    // Each chart draws its instrument's line, not an empty frame.
    await expect
      .poll(plottedPoints, { timeout: 20_000 })
      .toEqual([expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)]);
    await expect
      .poll(async () => Math.min(...(await plottedPoints())), { timeout: 20_000 })
      .toBeGreaterThan(1);
    await expect
      .poll(ruleTexts, { timeout: 10_000 })
      .toEqual([expect.stringContaining(`${charted[0]} above 123456`)]);
    expect(await page.getByTestId('workspace-current').innerText()).toBe(WORKSPACE);
    await mkdir(ARTIFACTS, { recursive: true });
    await page
      .getByTestId('workspace-menu')
      .getByRole('button', { name: /Workspace/ })
      .click();
    await page.screenshot({ path: `${ARTIFACTS}workspaces.png` });
    expect(pageProblems).toEqual([]);
  });

  it('refuses an unknown --workspace in one line, listing the saved ones', async () => {
    // One host per settings file (bug 150): the running one gives it up first.
    await web!.stop();
    await expect(host(['--workspace', 'Nope'])).rejects.toThrow(
      `--workspace: no workspace named "Nope"; saved: "${WORKSPACE}"`,
    );
    web = await host();
    await page.goto(web.url);
  });

  it('shows a name of the longest allowed length without pushing the top bar onto more lines', async () => {
    const bar = page.locator('header.top');
    await expect.poll(() => page.getByTestId('workspace-current').innerText()).toBe(WORKSPACE);
    const height = (await bar.boundingBox())!.height;
    const menu = page.getByTestId('workspace-menu');
    if ((await menu.getByRole('group', { name: 'Workspaces' }).count()) === 0)
      await menu.getByRole('button', { name: /Workspace/ }).click();
    const longest = 'W'.repeat(64);
    await menu.getByRole('button', { name: 'Save as…' }).click();
    await menu.getByTestId('workspace-name').fill(longest);
    await menu.getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => page.getByTestId('workspace-current').innerText()).toContain('WWW');
    expect((await bar.boundingBox())!.height).toBe(height);
  });
});
