/**
 * Per-consumer interest, end to end: the page declares the rows it shows, the host sends bars
 * and series only for those, and a row scrolled into view gets its recent history in the first
 * batch built after the page said so, so its sparkline draws a line at once, not one bar at a
 * time. The sparkline's line is read from what the page stroked (the canvas recorder), not
 * counted in pixels.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_WINDOW, type Batch } from '../protocol/batch';
import type { SimulatorOptions } from '../feed-simulator';
import type { WebClientMessage, WebHostMessage } from '../protocol/web';
import { CANVAS_RECORDER } from './support/canvas-recorder';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

// Enough instruments that most are out of view, ticking fast enough that each has bars.
const SIM: SimulatorOptions = { seed: 11, rate: 10_000, instruments: 2_000, matches: 0 };
/** Fewest bars a row's history should hold after the warm-up below (one a second). */
const MIN_HISTORY_BARS = 3;

type Traffic =
  | { readonly dir: 'sent'; readonly at: number; readonly msg: WebClientMessage }
  | { readonly dir: 'received'; readonly at: number; readonly batch: Batch };

let dashboard: SimulatedDashboard | undefined;
let page: Page;
const traffic: Traffic[] = [];

/** The longest line the sparkline in row `id` stroked in its last frame, as device points. */
function sparklinePoints(id: string): Promise<number> {
  return page
    .getByTestId(`watchlist-row-${id}`)
    .locator('canvas')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const frame = (
        window as unknown as {
          __canvasFrame: (c: HTMLCanvasElement) => { paths: unknown[][] } | undefined;
        }
      ).__canvasFrame(canvas);
      return Math.max(0, ...(frame?.paths.map((p) => p.length) ?? []));
    });
}

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('interest', SIM);
  page = dashboard.page;
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) =>
      traffic.push({
        dir: 'sent',
        at: Date.now(),
        msg: JSON.parse(String(payload)) as WebClientMessage,
      }),
    );
    ws.on('framereceived', ({ payload }) => {
      const msg = JSON.parse(String(payload)) as WebHostMessage;
      if (msg.type === 'batch') traffic.push({ dir: 'received', at: Date.now(), batch: msg.batch });
    });
  });
  // The recorder must be in place before the page's scripts run: load it again with it.
  await page.addInitScript(CANVAS_RECORDER);
  await page.reload();
  await page.getByTestId('connection-status').and(page.locator('[data-state="live"]')).waitFor({
    timeout: 30_000,
  });
  // Let every instrument build a few seconds of bars in the engine.
  await page.waitForTimeout(8_000);
});

afterAll(() => dashboard?.close());

const interests = () =>
  traffic.flatMap((t) => (t.dir === 'sent' && t.msg.type === 'interest' ? [t.msg] : []));

describe('per-consumer interest', () => {
  it('declares the rows in view and the charted instrument, and gets bars only for them', () => {
    const declared = interests();
    expect(declared.length).toBeGreaterThan(0);
    const last = declared.at(-1)!;
    expect(last.rows.length).toBeGreaterThan(10);
    expect(last.rows.length).toBeLessThan(100);
    expect(last.charted).toHaveLength(1);
    expect(last.selected).toBe(last.charted[0]);
    // Batches after the declaration reached the host: past the FLOW_WINDOW batches that may
    // have been on their way when it was sent.
    const firstSent = traffic.findIndex((t) => t.dir === 'sent' && t.msg.type === 'interest');
    const after = traffic
      .slice(firstSent)
      .flatMap((t) => (t.dir === 'received' ? [t.batch] : []))
      .slice(FLOW_WINDOW);
    expect(after.length).toBeGreaterThan(5);
    const shown = new Set([...last.rows, ...last.charted]);
    for (const batch of after) {
      for (const b of batch.bars) expect(shown.has(b.id)).toBe(true);
      for (const s of batch.series) expect(shown.has(s.id)).toBe(true);
    }
  });

  it('gives a row scrolled into view its history in the first batch built after it asked', async () => {
    const before = traffic.length;
    await page
      .getByTestId('watchlist')
      .evaluate(
        (table) => (table.parentElement!.scrollTop = table.parentElement!.scrollHeight / 2),
      );
    const row = page.locator(`[data-testid^="watchlist-row-"][aria-rowindex="${1_000 + 2}"]`);
    await expect.poll(() => row.count(), { timeout: 5_000 }).toBe(1);
    const id = (await row.getAttribute('data-testid'))!.slice('watchlist-row-'.length);

    // No bars of it had come since the page's first interest took effect (after the
    // FLOW_WINDOW batches that may have been on their way), so what it shows next comes from
    // history sent on interest.
    const firstSent = traffic.findIndex((t) => t.dir === 'sent' && t.msg.type === 'interest');
    const sinceInterest = traffic
      .slice(firstSent, before)
      .flatMap((t) => (t.dir === 'received' ? [t.batch] : []))
      .slice(FLOW_WINDOW + 1);
    expect(sinceInterest.length).toBeGreaterThan(0);
    expect(sinceInterest.some((b) => b.bars.some((bar) => bar.id === id))).toBe(false);

    // The sparkline draws a line of several bars, not a point.
    await expect
      .poll(() => sparklinePoints(id), { timeout: 5_000 })
      .toBeGreaterThanOrEqual(MIN_HISTORY_BARS + 1);

    const asked = traffic.findIndex(
      (t, i) =>
        i >= before && t.dir === 'sent' && t.msg.type === 'interest' && t.msg.rows.includes(id),
    );
    expect(asked).toBeGreaterThanOrEqual(0);
    const batchesAfter = traffic.slice(asked).flatMap((t) => (t.dir === 'received' ? [t] : []));
    const carrying = batchesAfter.findIndex(
      (t) =>
        t.dir === 'received' &&
        t.batch.bars.some(
          (b) => b.id === id && b.intervalMs === 1_000 && b.t.length >= MIN_HISTORY_BARS,
        ),
    );
    // The first batch built after the host heard the page, behind at most the FLOW_WINDOW
    // batches already on their way: within one batch interval of the host hearing it.
    expect(carrying).toBeGreaterThanOrEqual(0);
    expect(carrying).toBeLessThanOrEqual(FLOW_WINDOW);
    const askedAt = traffic[asked]!.at;
    console.log(
      `interest e2e: row ${id} history arrived in batch #${carrying + 1} after the declaration, ` +
        `${batchesAfter[carrying]!.at - askedAt} ms later`,
    );
  });

  it('raised no page errors or policy violations', () => {
    expect(dashboard!.pageProblems).toEqual([]);
  });
});
