/**
 * The watchlist's figures in boxes laid out on their own (`.fig` in WatchlistRow.svelte:
 * `display: block`, `contain: size layout`) against the same page with those boxes made plain
 * inline spans, alternating in one page (issue 17): the same-process A/B a loaded machine's
 * noise needs. The main page on the windows bench's three sources, charting the first
 * source's `BOLT` as bench/dashboard-alone.ts does; windows of `seconds`, ABBA, the page's
 * main thread from `Performance.getMetrics` in thread time, a batch counted as one redraw of
 * the price chart. The script a batch is the control: no CSS changes it, so a ratio of it away
 * from 1 says how much dividing by the batches counted (which the load moves) biases the rest.
 *
 *   npx tsx bench/watchlist-figures-ab.ts [pairs] [seconds]
 */
import { loadavg } from 'node:os';
import { buildRenderer, launchBrowser, openDashboard, sleep } from './stack';
import { startWindowsSources } from './windows-sources';
import { chartHere } from './windows-popout';
import { readList } from './report';
import { followCpu } from './windows-split';

const PAIRS = readList('pairs', process.argv[2] ?? '12', 100)[0]!;
const SECONDS = readList('seconds', process.argv[3] ?? '3', 60)[0]!;
/** The rule that makes `.fig` a plain inline span: the code before's layout, the wrapper aside. */
const PLAIN_RULE =
  '.fig { display: inline !important; contain: none !important; height: auto !important; }';
const dir = await buildRenderer();
const run = await startWindowsSources(dir);
const browser = await launchBrowser();
try {
  const main = await openDashboard(browser, run.engine.url);
  await chartHere(main.page, `${run.names[0]}:BOLT`);
  await main.page.evaluate(() => {
    const w = window as unknown as { __redraws: number };
    w.__redraws = 0;
    const clear = CanvasRenderingContext2D.prototype.clearRect;
    CanvasRenderingContext2D.prototype.clearRect = function (x, y, wd, h) {
      if (
        x === 0 &&
        y === 0 &&
        wd >= this.canvas.clientWidth - 1 &&
        this.canvas.closest('[data-testid^="price-chart"]')
      )
        w.__redraws++;
      clear.call(this, x, y, wd, h);
    };
  });
  const n = await main.page.evaluate(() => document.querySelectorAll('.fig').length);
  if (n === 0) throw new Error('no .fig box in the watchlist: a build from before them');
  console.log(`# .fig boxes: ${n}, load ${loadavg()[0]!.toFixed(1)}`);
  await sleep(4000);
  const cpu = await followCpu(main.page);
  // Through the CSSOM: the page's CSP refuses a <style> of ours.
  const set = (plain: boolean) =>
    main.page.evaluate(
      (p: { plain: boolean; rule: string }) => {
        const sheet = document.styleSheets[0]!;
        if (p.plain) sheet.insertRule(p.rule, 0);
        else sheet.deleteRule(0);
      },
      { plain, rule: PLAIN_RULE },
    );
  const res: Record<
    string,
    { sl: number; script: number; other: number; main: number; batches: number; frames: number }[]
  > = {
    contained: [],
    plain: [],
  };
  let plain = false;
  for (let i = 0; i < PAIRS * 2; i++) {
    const want = i % 4 === 1 || i % 4 === 2; // ABBA, so a drift in the load favours neither
    if (want !== plain) {
      await set(want);
      plain = want;
    }
    await sleep(300);
    await cpu.take();
    await main.takeFrames();
    const r0 = await main.page.evaluate(
      () => (window as unknown as { __redraws: number }).__redraws,
    );
    await sleep(SECONDS * 1000);
    const f = await main.takeFrames();
    const s = await cpu.take();
    const r1 = await main.page.evaluate(
      () => (window as unknown as { __redraws: number }).__redraws,
    );
    res[plain ? 'plain' : 'contained']!.push({
      sl: s.styleLayout,
      script: s.script,
      other: s.otherMain,
      main: s.script + s.styleLayout + s.otherMain,
      batches: (r1 - r0) / SECONDS,
      frames: f.fps,
    });
  }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  for (const k of ['contained', 'plain']) {
    const w = res[k]!;
    console.log(
      `${k}: style+layout ms/s ${w.map((x) => x.sl.toFixed(0)).join(' ')}; a batch ${w.map((x) => (x.sl / x.batches).toFixed(2)).join(' ')}; main ms/s ${w.map((x) => x.main.toFixed(0)).join(' ')}; batches/s ${w.map((x) => x.batches.toFixed(0)).join(' ')}; fps ${w.map((x) => x.frames.toFixed(0)).join(' ')}`,
    );
  }
  type Window = (typeof res)['plain'][number];
  const r = (f: (x: Window) => number) => res.contained!.map((c, i) => f(c) / f(res.plain![i]!));
  const show = (name: string, v: number[]) =>
    console.log(
      `${name} contained ÷ plain by pair: ${v.map((x) => x.toFixed(2)).join(' ')}; median ${med(v).toFixed(2)}, range ${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}`,
    );
  show(
    'style+layout ms/s',
    r((x) => x.sl),
  );
  show(
    'style+layout a batch',
    r((x) => x.sl / x.batches),
  );
  show(
    'script a batch',
    r((x) => x.script / x.batches),
  );
  show(
    'other main a batch',
    r((x) => x.other / x.batches),
  );
  show(
    'native (style, layout, other main) a batch',
    r((x) => (x.sl + x.other) / x.batches),
  );
  show(
    'native a frame',
    r((x) => (x.sl + x.other) / x.frames),
  );
  show(
    'script a frame',
    r((x) => x.script / x.frames),
  );
  const sum = (k: string, f: (x: Window) => number) => res[k]!.reduce((a, x) => a + f(x), 0);
  for (const k of ['contained', 'plain'])
    console.log(
      `${k} totals over its windows, ms a batch: script ${(sum(k, (x) => x.script) / sum(k, (x) => x.batches)).toFixed(2)}, style+layout ${(sum(k, (x) => x.sl) / sum(k, (x) => x.batches)).toFixed(2)}, other ${(sum(k, (x) => x.other) / sum(k, (x) => x.batches)).toFixed(2)}; batches/s ${(sum(k, (x) => x.batches) / res[k]!.length).toFixed(1)}`,
    );
  show(
    'main thread ms/s',
    r((x) => x.main),
  );
  show(
    'main thread a batch',
    r((x) => x.main / x.batches),
  );
  console.log(
    `load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await browser.close();
  await run.stop();
}
