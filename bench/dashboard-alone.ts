/**
 * The main dashboard alone, and one popped-out chart page alone, on the windows bench's three
 * sources (issue 17: after each pop-out gets a renderer of its own, each window must hold 60 fps
 * by itself). Three seeded simulators and the engine in their own processes; the main page
 * charts the first source's `BOLT` with its book and tape, as bench/windows.bench.ts does; the
 * chart page is a pop-out's URL (`#panel=chart&instrument=<first source>:ACME`) opened as a
 * page of its own, so it has its own renderer, as the desktop app's pop-outs do.
 *
 *   npx tsx bench/dashboard-alone.ts [fps|trace] [seconds]
 *
 * `fps` (default): each page's frame rate, tick-to-pixel p99, main-thread time a frame (the
 * DevTools protocol's counters) and canvas redraws a second by chart, three windows each; fps
 * also as a ratio to a page that only counts frames, measured beside the sources in the same
 * run. `trace`: a DevTools trace of each page (dashboard-alone-trace.ts; `BENCH_INVALIDATIONS=1`
 * also counts what dirtied style, layout and paint, page-trace.ts). `BENCH_PAGES=main`
 * or `chart` measures one page; `BENCH_HIDE=<part>,...` hides parts of the main page (HIDE).
 * Rates: `BENCH_WINDOWS_RATES` as the windows bench. `BENCH_HISTORY_S=n`: the sources run n
 * seconds before the pages open, so the charts hold that much history (330: a full 5-minute
 * window; the windows bench's charts hold under a minute).
 */
import { panelHash } from '../protocol/panel-route';
import { countRedraws, redrawsNote } from './canvas-redraws';
import { buildRenderer } from './renderer-build';
import {
  idleFrameRate,
  launchBrowser,
  openDashboard,
  type DashboardPage,
} from './dashboard-browser';
import { percentile } from './numbers';
import { sleep } from './children';
import { readList, readSetting } from './report';
import { startWindowsSources, WINDOWS_RATES } from './windows-sources';
import { load, tracePage } from './dashboard-alone-trace';
import { chartHere } from './windows-popout';
import { followCpu } from './windows-split';

const WARMUP_MS = 4_000;
const HISTORY_S = readSetting('BENCH_HISTORY_S', 0, 3_600);
const WINDOWS = 3;
/**
 * `BENCH_HIDE=<part>,...` hides parts of the main page (display: none) before measuring, to
 * see what each costs: a finding tool, not a configuration of the product.
 */
const HIDE: Record<string, string> = {
  sparklines: '.watchlist canvas',
  watchlist: '.watchlist',
  sports: '[data-testid="sports-panel"]',
  odds: '[data-testid="odds-chart"]',
  // A match card's text (status, clock, score, odds, incidents), its odds chart left shown.
  'match-text': '[data-testid="sports-panel"] article > :not(.chart)',
  ladder: '[data-testid="depth-ladder"]',
  tape: '[data-testid="trade-tape"]',
  charts: '.charts canvas',
  health: 'footer',
};
/** Frame rate, p99 and main-thread time a frame over `WINDOWS` windows of `seconds`. */
async function measureFps(
  name: string,
  page: DashboardPage,
  seconds: number,
  idleFps: number,
): Promise<void> {
  const cpu = await followCpu(page.page);
  const redraws = await countRedraws(page.page);
  const rows: string[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    await cpu.take();
    await page.takeFrames();
    await redraws.take();
    await sleep(seconds * 1000);
    const f = await page.takeFrames();
    const s = await cpu.take();
    const perS = redrawsNote(await redraws.take());
    const perFrame = (v: number) => (v / Math.max(1, f.fps)).toFixed(2);
    rows.push(
      `| ${name} | ${f.fps.toFixed(1)} (${(f.fps / idleFps).toFixed(2)}×) | ${percentile(f.latency, 0.99).toFixed(0)} | ` +
        `${perFrame(s.script)} | ${perFrame(s.styleLayout)} | ${perFrame(s.otherMain)} | ` +
        `${perFrame(s.offMain)} | ${perS} | ${load()} |`,
    );
  }
  console.log(rows.join('\n'));
}

/** Hides the parts named in `BENCH_HIDE` in the main page. */
async function hideParts(main: DashboardPage): Promise<void> {
  const hide = (process.env.BENCH_HIDE ?? '').split(',').filter(Boolean);
  for (const part of hide) {
    if (!HIDE[part])
      throw new Error(`BENCH_HIDE: no part "${part}" (${Object.keys(HIDE).join(', ')})`);
    // Through the CSSOM: the page's CSP refuses a <style> of ours.
    await main.page.evaluate((sel) => {
      for (const el of document.querySelectorAll<HTMLElement>(sel))
        el.style.setProperty('display', 'none', 'important');
    }, HIDE[part]);
  }
  if (hide.length) console.log(`# hidden: ${hide.join(', ')}`);
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'fps';
  if (mode !== 'fps' && mode !== 'trace') throw new Error(`mode: fps or trace, got "${mode}"`);
  const seconds = readList('seconds', process.argv[3] ?? (mode === 'fps' ? '8' : '4'), 120)[0]!;
  const dir = await buildRenderer();
  const run = await startWindowsSources(dir);
  const { engine } = run;
  const browser = await launchBrowser();
  try {
    const sources = run.names;
    await sleep(HISTORY_S * 1000);
    const idle = await idleFrameRate(browser);
    console.log(
      `# ${WINDOWS_RATES.join(' + ')} ticks/s; idle page beside the sources ${idle.fps.toFixed(1)} fps`,
    );
    if (mode === 'fps')
      console.log(
        '| page | fps (× the idle page) | p99 ms | script ms/frame | style+layout | other main | off-main | canvas redraws/s | load |\n|---|---|---|---|---|---|---|---|---|',
      );
    const openPage = async (which: string): Promise<DashboardPage> => {
      if (which === 'chart') {
        const route = { panel: 'chart' as const, instrument: `${sources[0]}:ACME` };
        return openDashboard(browser, `${engine.url}${panelHash(route)}`);
      }
      if (which !== 'main') throw new Error(`BENCH_PAGES: main or chart, got "${which}"`);
      const main = await openDashboard(browser, engine.url);
      await chartHere(main.page, `${sources[0]}:BOLT`);
      await hideParts(main);
      return main;
    };
    // BENCH_PAGES: the pages measured, in turn (`main,chart` by default).
    for (const which of (process.env.BENCH_PAGES ?? 'main,chart').split(',')) {
      const page = await openPage(which);
      await sleep(WARMUP_MS);
      if (mode === 'fps') await measureFps(which, page, seconds, idle.fps);
      else await tracePage(browser, `${which} page alone`, page, seconds);
      await page.close();
    }
    console.log(`# idle page again: ${(await idleFrameRate(browser)).fps.toFixed(1)} fps`);
  } finally {
    await browser.close();
    await run.stop();
  }
}

await main();
