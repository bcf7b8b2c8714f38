/**
 * What the dashboard shows, read off the page and compared with its sources: the price chart's
 * plotted line against the series the engine sent, the match cards against the feed itself,
 * the health bar against the engine's figures. Painted-pixel counts cannot tell a chart of the
 * wrong data (or of none: axes and labels alone pass) from the right one; these checks can.
 *
 * Sources of truth: a subscriber of our own on the simulator (every tick, no conflation), and
 * the batches the web host sends the page (recorded from the page's WebSocket). The feed is
 * then stopped, so screen and sources hold still while they are compared.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../protocol/batch';
import type { Health } from '../protocol/health';
import type { MatchSnapshotState, ServerMessage } from '../protocol/feed';
import type { WebHostMessage } from '../protocol/web';
import type { SimulatorOptions } from '../feed-simulator';
import { TestClient } from '../test-support/protocol-client';
import { CANVAS_RECORDER, type PlottedLine, readPlottedLine } from './support/canvas-recorder';
import { openSimulatedDashboard, type SimulatedDashboard } from './support/simulated-dashboard';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** A light, seeded feed with fast matches, so scores and clocks move within the run. */
const SIM: SimulatorOptions = {
  seed: 7,
  rate: 300,
  instruments: 4,
  matches: 2,
  matchDurationMs: 20_000,
};
/** The health bar's figures, by the title of their item. */
/** The start of each figure's tooltip in the health bar (the rest may name the session). */
const HEALTH_FIGURES = [
  'Ticks received per second',
  'Batches sent per second',
  'Tick to batch:',
  'Sequence gaps detected',
  'Ticks merged by conflation',
];

let dashboard: SimulatedDashboard | undefined;
let page: Page;
let feed: TestClient | undefined;
/** Every batch the page received, in order. */
const batches: Batch[] = [];
/** The health bar's figures read while live, and how many batches had arrived just before. */
let healthShown: { figures: string[]; batchesBefore: number } | undefined;

/** A match's score, clock and odds as the feed left them. */
type MatchTruth = {
  -readonly [
    K in 'status' | 'home' | 'away' | 'clockMs' | 'running' | 'odds'
  ]: MatchSnapshotState[K];
};

/** Each match as the feed left it: its snapshot with every later tick folded in. */
function matchesFromFeed(messages: readonly ServerMessage[]): Map<string, MatchTruth> {
  const matches = new Map<string, MatchTruth>();
  for (const m of messages) {
    if (m.op === 'snapshot' && m.state.kind === 'sports') {
      const { status, home, away, clockMs, running, odds } = m.state;
      matches.set(m.instrument, { status, home, away, clockMs, running, odds });
    }
    if (m.op !== 'ticks') continue;
    for (const t of m.ticks) {
      const match = matches.get(t.instrument);
      if (match === undefined) continue;
      if (t.kind === 'score') Object.assign(match, { home: t.home, away: t.away });
      else if (t.kind === 'clock') Object.assign(match, { clockMs: t.clockMs, running: t.running });
      else if (t.kind === 'odds') match.odds = { home: t.home, draw: t.draw, away: t.away };
      else if (t.kind === 'status') match.status = t.status;
    }
  }
  return matches;
}

/** The last series point the engine sent for `id`: where the price line must end. */
function lastSeriesPrice(id: string): number | undefined {
  for (let i = batches.length - 1; i >= 0; i--) {
    const series = batches[i]!.series.find((s) => s.id === id);
    if (series && series.price.length > 0) return series.price.at(-1);
  }
  return undefined;
}

/** The figures the health bar would show for `health`, in HEALTH_FIGURES order. */
function healthFigures(health: Health): string[] {
  const n = (v: number | null) => (v === null ? '—' : v.toFixed(0));
  return [
    n(health.ticksPerSec),
    n(health.batchesPerSec),
    `${n(health.latencyP50Ms)}/${n(health.latencyP99Ms)} ms`,
    String(health.gaps),
    String(health.conflatedTicks),
  ];
}

async function readHealthBar(): Promise<string[]> {
  // The engineering figures sit behind the health bar's Details toggle.
  const details = page.locator('.health button[aria-expanded]');
  if ((await details.getAttribute('aria-expanded')) !== 'true') await details.click();
  return Promise.all(
    HEALTH_FIGURES.map(async (title) =>
      (await page.locator(`.health [title^="${title}"] .v`).innerText()).trim(),
    ),
  );
}

const connectionState = () =>
  page.getByTestId('connection-status').getAttribute('data-state', { timeout: 5_000 });

/** Waits until the health bar's connection state passes `test` (hooks cannot use expect.poll). */
async function untilConnection(test: (state: string | null) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let state = await connectionState();
  while (!test(state)) {
    if (Date.now() > deadline) throw new Error(`connection state stayed ${state}`);
    await page.waitForTimeout(100);
    state = await connectionState();
  }
}

beforeAll(async () => {
  dashboard = await openSimulatedDashboard('display-truth', SIM);
  page = dashboard.page;
  feed = await TestClient.connect(dashboard.sim!.url);
  feed.request({ op: 'subscribe', instruments: ['*'] });
  // The recorders must be in place before the page's scripts run: load it again with them.
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const message = JSON.parse(String(payload)) as WebHostMessage;
      if (message.type === 'batch') batches.push(message.batch);
    }),
  );
  await page.addInitScript(CANVAS_RECORDER);
  await page.reload();
  await untilConnection((state) => state === 'live', 20_000);
  // Let the charts fill and the matches move until a score tells home from away, then read the
  // health bar while figures are live, then stop the feed so nothing else changes.
  const deadline = Date.now() + 45_000;
  while (![...matchesFromFeed(feed.messages).values()].some((m) => m.home !== m.away)) {
    if (Date.now() > deadline) throw new Error('no match had an uneven score within 45 s');
    await page.waitForTimeout(250);
  }
  await page.waitForTimeout(2_000);
  const figures = await readHealthBar();
  // The page may show a batch whose frame event has not reached this process yet (the
  // DevTools events lag under load): count the batches that arrive in the next second too.
  await page.waitForTimeout(1_000);
  healthShown = { figures, batchesBefore: batches.length };
  await dashboard.sim!.close();
  dashboard.sim = undefined;
  await untilConnection((state) => state !== 'live', 15_000);
});

afterAll(async () => {
  // A screenshot for people to look at; the checks above are the test.
  if (page) {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}display-truth.png` });
  }
  feed?.close();
  await dashboard?.close();
});

describe('the dashboard shows what its sources say', () => {
  it('plots the series of the charted instrument, right way up, ending at its last point', async () => {
    const chart = page.getByTestId('price-chart').first();
    const label = (await chart.getAttribute('aria-label')) ?? '';
    const id = batches[0]!.instruments!.find((i) => label.startsWith(`${i.id} price`))?.id;
    expect(id, `the charted instrument in "${label}"`).toBeDefined();
    const last = lastSeriesPrice(id!);
    expect(last, `series points for ${id}`).toBeDefined();
    let line: PlottedLine | null = null;
    await expect
      .poll(async () => (line = await readPlottedLine(page, 'price-chart')), { timeout: 10_000 })
      .not.toBeNull();
    const { points, priceAt, pricePerPx } = line!;
    expect(points.length, 'points on the price line').toBeGreaterThanOrEqual(10);
    // Price axis: higher prices higher up the canvas (smaller y).
    expect(pricePerPx).toBeLessThan(0);
    // Time runs left to right (Chart.js averages x within a pixel column: allow float noise) and
    // the line ends on the newest point, at the series' last price.
    const xs = points.map(([x]) => x);
    const backwards = xs.flatMap((x, i) =>
      i > 0 && x < xs[i - 1]! - 0.01 ? [`${i}: ${xs[i - 1]} -> ${x}`] : [],
    );
    expect(backwards, `of ${xs.length} points`).toEqual([]);
    const [, endY] = points.at(-1)!;
    const tail = points.slice(-4).map(([x, y]) => `${x.toFixed(1)}:${priceAt(y).toFixed(4)}`);
    const tailSeries = batches
      .flatMap((b) => b.series.filter((x) => x.id === id!).flatMap((x) => x.price))
      .slice(-6);
    expect(
      Math.abs(priceAt(endY) - last!),
      `${id} line ends ${tail.join(' ')}; series ends ${tailSeries.join(' ')}`,
    ).toBeLessThanOrEqual(Math.abs(pricePerPx) * 3);
  });

  it('draws the history a page opened late missed as densely as the page that watched it', async () => {
    const first = (await readPlottedLine(page, 'price-chart'))!.points.length;
    // More than a row's share of a batch (64 points), or the comparison below could not fail.
    expect(first, "points on the first page's line").toBeGreaterThan(2 * 64);
    const late = await page.context().browser()!.newPage({ viewport: page.viewportSize() });
    try {
      await late.addInitScript(CANVAS_RECORDER);
      await late.goto(page.url());
      let points = 0;
      await expect
        .poll(
          async () => (points = (await readPlottedLine(late, 'price-chart'))?.points.length ?? 0),
          { timeout: 15_000 },
        )
        .toBeGreaterThanOrEqual(Math.floor(first * 0.8));
      expect(points).toBeLessThanOrEqual(first * 1.25);
    } finally {
      await late.close();
    }
  });

  it('shows each match with the score, clock and odds the feed sent', async () => {
    const truth = matchesFromFeed(feed!.messages);
    expect(truth.size).toBe(SIM.matches);
    for (const [id, match] of truth) {
      const card = page.getByTestId(`match-${id}`);
      const goals = await card.locator('.goals').allInnerTexts();
      expect(goals.map(Number), `${id} score`).toEqual([match.home, match.away]);
      const clock = (await card.locator('.clock').innerText()).trim();
      const minutes = Math.floor(match.clockMs / 60_000);
      const seconds = String(Math.floor((match.clockMs % 60_000) / 1_000)).padStart(2, '0');
      expect(clock.startsWith(`${minutes}:${seconds}`), `${id} clock "${clock}"`).toBe(true);
      // Each price, without the arrow and words of its last move that follow it.
      const odds = (await card.locator('dd').allInnerTexts()).map((t) => t.split(/[▲▼\s]/)[0]);
      expect(odds.slice(0, 3), `${id} odds`).toEqual(
        [match.odds.home, match.odds.draw, match.odds.away].map((o) => o.toFixed(2)),
      );
    }
  });

  it("shows the engine's health figures, as one of its recent batches carried them", () => {
    const { figures, batchesBefore } = healthShown!;
    expect(figures[0], 'ticks/s while live').not.toBe('0');
    // The bar refreshes its figures at most every half second: any batch of the last few
    // seconds, up to the second after the bar was read.
    const recent = batches.slice(Math.max(0, batchesBefore - 120), batchesBefore);
    const candidates = recent.map((b) => healthFigures(b.health).join(' | '));
    expect(candidates).toContain(figures.join(' | '));
  });
});
