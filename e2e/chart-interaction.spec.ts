/**
 * Chart interaction in browser mode: the crosshair readout reads the series the feed sent, a
 * wheel zoom and a drag pan stop the chart following the live edge until "Back to live", and an
 * indicator added from the chart's menu is still there after a reload (saved in the settings).
 * A protocol client of our own on the same simulator sees the same ticks as the app.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tick } from '../protocol/feed';
import { TestClient } from '../test-support/protocol-client';
import { CANVAS_RECORDER, readDrawnTexts } from './support/canvas-recorder';
import { paintedPixels } from './support/chromium';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** A light, seeded feed: the machine running the tests is shared. */
const SIM = { seed: 11, rate: 200, instruments: 4, matches: 0 };

let dashboard: SimulatedDashboard | undefined;
let client: TestClient | undefined;
let page: Page;

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('chart-interaction', SIM);
  page = dashboard.page;
  // Records what the charts draw from the first reload on (the SMA test's).
  await page.addInitScript(CANVAS_RECORDER);
  client = await TestClient.connect(dashboard.sim!.url);
  client.request({ op: 'subscribe', instruments: ['*'] });
}, 60_000);

afterAll(async () => {
  client?.close();
  await dashboard?.close();
});

/** The price chart's canvas attributes: newest point and the view's right edge. */
async function edges(chart: Locator): Promise<{ lastT: number; viewEnd: number }> {
  const canvas = chart.locator('canvas');
  return {
    lastT: Number(await canvas.getAttribute('data-last-t')),
    viewEnd: Number(await canvas.getAttribute('data-view-end')),
  };
}

/** A wheel zoom at the chart's centre, then a drag of 120 px to the right (back in time). */
async function zoomAndPan(chart: Locator): Promise<void> {
  const box = (await chart.boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.wheel(0, -400);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(cx + i * 12, cy);
  await page.mouse.up();
}

/** The series value a tick makes: the mid of a quote, the price of a trade. */
function seriesValue(t: Tick): number | undefined {
  if (t.kind === 'quote') return (t.bid + t.ask) / 2;
  if (t.kind === 'trade') return t.price;
  return undefined;
}

describe('chart interaction', () => {
  it('hovering the price chart shows a readout whose price is the series at that time', async () => {
    const chart = page.getByTestId('price-chart').first();
    await expect
      .poll(() => paintedPixels(page, 'price-chart'), { timeout: 20_000 })
      .toBeGreaterThan(500);
    const id = (await chart.getAttribute('aria-label'))!.split(' ')[0]!;
    const box = (await chart.boundingBox())!;
    const firstSeen = client!.ticks()[0]!.ts;
    const readout = page.getByTestId('chart-readout');
    // Near the right edge, at a time our own client has seen too (it connected a little later).
    let nudge = 0;
    await expect
      .poll(
        async () => {
          await page.mouse.move(box.x + box.width - 80 + (nudge++ % 2), box.y + box.height / 2);
          return Number((await readout.getAttribute('data-t', { timeout: 2_000 })) ?? 0);
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(firstSeen);
    const t = Number(await readout.getAttribute('data-t'));
    const value = Number(await readout.getAttribute('data-value'));
    const text = (await readout.textContent())!;
    const atT = client!
      .ticks()
      .filter((k) => k.instrument === id && k.ts === t)
      .map(seriesValue);
    expect(atT, `ticks of ${id} at ${t}`).toContain(value);
    // Shown with the instrument's decimals: the text's price is the value, rounded.
    const shown = text.trim().split(/\s+/).at(-1)!;
    const decimals = shown.split('.')[1]?.length ?? 0;
    expect(Math.abs(Number(shown) - value)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
  });

  it('a wheel zoom then a drag pan stop following; Back to live resumes', async () => {
    const chart = page.getByTestId('price-chart').first();
    await zoomAndPan(chart);
    const back = page.getByTestId('back-to-live');
    await expect.poll(() => back.count(), { timeout: 5_000 }).toBe(1);
    // Held: new data arrives, the view's right edge stays where the user left it.
    const held = await edges(chart);
    expect(held.viewEnd).toBeLessThan(held.lastT);
    await expect
      .poll(async () => (await edges(chart)).lastT, { timeout: 10_000 })
      .toBeGreaterThan(held.lastT);
    expect((await edges(chart)).viewEnd).toBe(held.viewEnd);
    await back.click();
    await expect.poll(() => back.count(), { timeout: 5_000 }).toBe(0);
    await expect
      .poll(
        async () => {
          const e = await edges(chart);
          return e.viewEnd === e.lastT && e.lastT > held.lastT;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
  });

  it('keys zoom (+) and pan (←) without a mouse; End returns to live', async () => {
    const chart = page.getByTestId('price-chart').first();
    await chart.focus();
    // Zoomed in at the live edge, it still follows; a pan back then holds the view.
    for (let i = 0; i < 3; i++) await page.keyboard.press('+');
    expect(await page.getByTestId('back-to-live').count()).toBe(0);
    await page.keyboard.press('ArrowLeft');
    const back = page.getByTestId('back-to-live');
    await expect.poll(() => back.count(), { timeout: 5_000 }).toBe(1);
    await page.keyboard.press('End');
    await expect.poll(() => back.count(), { timeout: 5_000 }).toBe(0);
  });

  it('a time range picked while the chart is held shows that range, live, candles with it', async () => {
    const chart = page.getByTestId('price-chart').first();
    const range = page.getByRole('combobox', { name: 'Time range' });
    const before = await range.inputValue();
    await zoomAndPan(chart);
    const back = page.getByTestId('back-to-live');
    await expect.poll(() => back.count(), { timeout: 5_000 }).toBe(1);
    await range.selectOption({ label: '15m · 5s' });
    try {
      await expect.poll(() => back.count(), { timeout: 5_000 }).toBe(0);
      const canvas = chart.locator('canvas');
      const candles = page.getByTestId('candle-chart').first().locator('canvas');
      // The live window of 15 minutes (or all the data held, if less), as time-window.ts has it,
      // and the candles' axis a bar past the same view (drawnRange).
      const shown = async () => {
        const n = (c: Locator, a: string) => c.getAttribute(a).then(Number);
        const [lastT, firstT, start, end, candleEnd] = await Promise.all([
          n(canvas, 'data-last-t'),
          n(canvas, 'data-first-t'),
          n(canvas, 'data-view-start'),
          n(canvas, 'data-view-end'),
          n(candles, 'data-axis-end'),
        ]);
        const liveStart = Math.max(lastT - 15 * 60_000, Math.min(firstT, lastT - 30_000));
        return end === lastT && start === liveStart && candleEnd === end + 5_000;
      };
      await expect.poll(shown, { timeout: 10_000 }).toBe(true);
    } finally {
      await range.selectOption(before);
    }
  });

  it('draws the 1-minute candle still forming whole, though it is centred after the newest price', async () => {
    const range = page.getByRole('combobox', { name: 'Time range' });
    const before = await range.inputValue();
    await range.selectOption({ label: '15m · 1m' });
    try {
      const canvas = page.getByTestId('candle-chart').first().locator('canvas');
      const edge = async () => {
        const axisEnd = Number(await canvas.getAttribute('data-axis-end'));
        const newest = Number(await canvas.getAttribute('data-newest-candle'));
        return newest > 0 ? axisEnd - (newest + 30_000) : Number.NaN;
      };
      // The axis reaches the end of the forming bar's period (its candle's right half).
      await expect.poll(edge, { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
    } finally {
      await range.selectOption(before);
    }
  });

  it('zoomed in on 1-minute candles, draws the line across its chart, not a minute of room after it', async () => {
    const range = page.getByRole('combobox', { name: 'Time range' });
    const before = await range.inputValue();
    await range.selectOption({ label: '15m · 1m' });
    const chart = page.getByTestId('price-chart').first();
    const candles = page.getByTestId('candle-chart').first().locator('canvas');
    /** The view's span and the room the axis leaves after it, ms. */
    const view = async () => {
      const n = (c: Locator, a: string) => c.getAttribute(a).then(Number);
      const canvas = chart.locator('canvas');
      const [start, end, axisEnd] = await Promise.all([
        n(canvas, 'data-view-start'),
        n(canvas, 'data-view-end'),
        n(candles, 'data-axis-end'),
      ]);
      return { span: end - start, room: axisEnd - end };
    };
    try {
      await chart.focus();
      for (let i = 0; i < 24; i++) await page.keyboard.press('+');
      // Zoomed to 5 s: before, 60 s of room followed them (the line in the left twelfth).
      await expect.poll(async () => (await view()).span, { timeout: 5_000 }).toBe(5_000);
      await expect.poll(async () => (await view()).room, { timeout: 5_000 }).toBe(500);
      // Inside one candle, the candle pane paints it, not a note over an empty pane (bug 186).
      await expect
        .poll(() => candles.getAttribute('data-inside-candle'), { timeout: 5_000 })
        .toMatch(/^\d+$/);
      expect(await candles.getAttribute('data-note')).toBe('');
      await page.screenshot({ path: `${ARTIFACTS}chart-inside-one-candle.png` });
      // A wheel notch out from there zooms out, about the pointer, the room a tenth of the span.
      const box = (await chart.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 100);
      // The two charts draw a batch in consecutive frames (a 2 ms budget a frame), so the candles'
      // axis may show the zoom a frame after the line's view: read both once they agree.
      await expect
        .poll(
          async () => {
            const { span, room } = await view();
            return span > 5_000 && Math.abs(room - span / 10) < 0.5;
          },
          { timeout: 5_000 },
        )
        .toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}chart-zoomed-1-minute-candles.png` });
    } finally {
      await page.keyboard.press('End');
      await range.selectOption(before);
    }
  });

  it('the candle chart still zooms after a theme switch (the new palette keeps its zoom)', async () => {
    const theme = page.getByRole('button', { name: /Switch to (light|dark) theme/ });
    await theme.click();
    try {
      await zoomAndPan(page.getByTestId('candle-chart').first());
      const back = page.getByTestId('back-to-live');
      await expect.poll(() => back.count(), { timeout: 5_000 }).toBe(1);
      await back.click();
      await expect.poll(() => back.count(), { timeout: 5_000 }).toBe(0);
    } finally {
      await theme.click();
    }
  });

  it('an SMA added from the chart menu survives a reload', async () => {
    const menu = page.getByTestId('indicator-menu').first();
    await menu.locator('summary').click();
    await menu.getByLabel('Indicator', { exact: true }).selectOption('sma');
    await menu.getByLabel('Period').fill('5');
    await menu.getByRole('button', { name: 'Add' }).click();
    await expect
      .poll(() => menu.locator('li').allInnerTexts())
      .toContainEqual(expect.stringContaining('SMA 5'));
    await page.reload();
    const again = page.getByTestId('indicator-menu').first();
    await again.locator('summary').click({ timeout: 20_000 });
    await expect
      .poll(() => again.locator('li').allInnerTexts(), { timeout: 20_000 })
      .toContainEqual(expect.stringContaining('SMA 5'));
  });

  it('carries Bollinger bands, RSI in its sub-pane, VWAP and a price line (README picture)', async () => {
    const menu = page.getByTestId('indicator-menu').first();
    const add = async (kind: string, period?: string) => {
      await menu.getByLabel('Indicator', { exact: true }).selectOption(kind);
      if (period) await menu.getByLabel('Period').fill(period);
      await menu.getByRole('button', { name: 'Add' }).click();
    };
    await add('bollinger', '20');
    await add('rsi', '14');
    await add('vwap');
    await expect
      .poll(() => menu.locator('li').allInnerTexts())
      .toEqual([
        expect.stringContaining('Volume'),
        expect.stringContaining('SMA 5'),
        expect.stringContaining('BB 20 2'),
        expect.stringContaining('RSI 14'),
        expect.stringContaining('VWAP'),
      ]);
    await menu.locator('summary').click(); // close the menu
    const candles = page.getByTestId('candle-chart').first();
    const box = (await candles.boundingBox())!;
    await page.mouse.dblclick(box.x + box.width * 0.4, box.y + box.height * 0.3);
    // Let a minute of bars build up so the indicators have something to say.
    await page.waitForTimeout(Number(process.env.TICKDECK_SCREENSHOT_WAIT_MS ?? 0));
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.45);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.locator('section.charts').screenshot({ path: `${ARTIFACTS}indicator-chart.png` });
  });

  it("names the candles' indicator lines on the chart, as the price line names its own", async () => {
    // Volume is the candles' own bars, not a line; the others in the order they were added.
    // A name says how many bars it has while it has fewer than it needs ("SMA 5 · 2 of 5 bars").
    const names = async () =>
      (await readDrawnTexts(page, 'candle-chart'))
        .filter((t) => /[A-Z]/.test(t))
        .map((t) => t.replace(/ · \d+ of \d+ bars?$/, ''));
    await expect
      .poll(names)
      .toEqual(expect.arrayContaining(['SMA 5', 'BB 20 2', 'RSI 14', 'VWAP']));
  });

  it('a double-click on the RSI pane draws no price line (the pane has no prices)', async () => {
    const candles = page.getByTestId('candle-chart').first();
    const id = (await page.locator('article.instrument').first().getAttribute('aria-label'))!.split(
      ' ',
    )[0]!;
    const lines = async () =>
      JSON.parse(await readFile(dashboard!.settings, 'utf8')).chartSetups?.[id]?.priceLines ?? [];
    const before = await lines();
    const box = (await candles.boundingBox())!;
    // The RSI pane is the plot's bottom quarter, over the time axis's labels (about 20 px).
    await page.mouse.dblclick(box.x + box.width * 0.4, box.y + (box.height - 22) * 0.92);
    await page.waitForTimeout(500);
    expect(await lines()).toEqual(before);
  });

  it("an EMA and an RSI on the price line, from the line's own menu, survive a reload", async () => {
    const menu = page.getByTestId('price-indicator-menu').first();
    await menu.locator('summary').click();
    // The price line offers every indicator the candles do.
    await expect
      .poll(() => menu.getByLabel('Indicator', { exact: true }).locator('option').allInnerTexts())
      .toEqual(['SMA', 'EMA', 'VWAP (session)', 'Bollinger bands', 'RSI (sub-pane)', 'Volume']);
    await menu.getByLabel('Indicator', { exact: true }).selectOption('ema');
    await menu.getByLabel('Period').fill('5');
    await menu.getByRole('button', { name: 'Add' }).click();
    await menu.getByLabel('Indicator', { exact: true }).selectOption('rsi');
    await menu.getByLabel('Period').fill('14');
    await menu.getByRole('button', { name: 'Add' }).click();
    await page.reload();
    const again = page.getByTestId('price-indicator-menu').first();
    await again.locator('summary').click({ timeout: 20_000 });
    await expect
      .poll(() => again.locator('li').allInnerTexts(), { timeout: 20_000 })
      .toEqual([expect.stringContaining('EMA 5'), expect.stringContaining('RSI 14')]);
    // The candles' menu is its own: the EMA is not there.
    const candles = page.getByTestId('indicator-menu').first();
    expect((await candles.locator('li').allInnerTexts()).join()).not.toContain('EMA 5');
    await again.getByRole('button', { name: 'Remove EMA 5' }).click();
    await again.getByRole('button', { name: 'Remove RSI 14' }).click();
    await again.locator('summary').click(); // close the menu
  });

  it('ran without page errors', () => {
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
