/**
 * The watchlist's sparklines as one canvas per row (the app's way: each a composited layer) or
 * as one canvas over the whole column, on a page that otherwise does what the main page does
 * every frame: a large chart canvas redrawn and a few row cells' text rewritten, so every frame
 * commits. The sparklines redraw as the app paces them (each row's once a second, so 16 a
 * second spread over the frames). Both variants alternate in one browser, a fresh page each
 * turn; per variant the page's fps, its renderer's and the GPU process's CPU, and its main
 * thread's split, ms/s (`Performance.getMetrics`, `SystemInfo.getProcessInfo`).
 *
 *   npx tsx bench/sparkline-layers.ts [pairs] [seconds]
 */
import { loadavg } from 'node:os';
import { launchBenchBrowser } from './dashboard-harness';
import { followBrowserCpu, followCpu } from './windows-split';
import { median } from './numbers';
import { readList } from './report';
import { counts, openVariant, VIEWPORT, WARMUP_MS, type Variant } from './sparkline-layers-page';

const f1 = (x: number) => x.toFixed(1);

const pairs = readList('pairs', process.argv[2] ?? '8', 100)[0]!;
const seconds = readList('seconds', process.argv[3] ?? '4', 120)[0]!;
const browser = await launchBenchBrowser();
try {
  const processes = await followBrowserCpu(browser);
  const cols = ['fps', 'renderer', 'GPU', 'script', 'style+layout', 'other main', 'off main'];
  const rows: Record<Variant, number[][]> = { 'per-row': [], one: [] };
  console.log(
    `| variant | load | ${cols.join(' | ')} |\n|---|---|${cols.map(() => '---').join('|')}|`,
  );
  for (let p = 0; p < pairs; p++) {
    for (const variant of p % 2 ? (['one', 'per-row'] as const) : (['per-row', 'one'] as const)) {
      const page = await browser.newPage({ viewport: VIEWPORT });
      await openVariant(page, variant);
      await new Promise((r) => setTimeout(r, WARMUP_MS));
      const split = await followCpu(page);
      const before = await counts(page);
      await processes.take();
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const cpu = await processes.take();
      const main = await split.take();
      const after = await counts(page);
      await page.close();
      const row = [
        (after.frames - before.frames) / seconds,
        cpu.renderer ?? 0,
        cpu.GPU ?? 0,
        main.script,
        main.styleLayout,
        main.otherMain,
        main.offMain,
      ];
      rows[variant].push(row);
      console.log(`| ${variant} | ${f1(loadavg()[0]!)} | ${row.map(f1).join(' | ')} |`);
    }
  }
  for (const variant of ['per-row', 'one'] as const)
    console.log(
      `| ${variant}, median | | ${cols.map((_, i) => f1(median(rows[variant].map((r) => r[i]!)))).join(' | ')} |`,
    );
  // A frame's cost, not a second's: the load moves the frame rate, and each frame commits.
  const perFrame = (r: number[], i: number) => r[i]! / r[0]!;
  for (const i of [1, 2, 3, 5, 6]) {
    const rs = rows.one.map((r, k) => perFrame(r, i) / perFrame(rows['per-row'][k]!, i));
    console.log(
      `${cols[i]} a frame: per-row ${rows['per-row'].map((r) => perFrame(r, i).toFixed(2)).join(', ')} ms; ` +
        `one ${rows.one.map((r) => perFrame(r, i).toFixed(2)).join(', ')} ms; ` +
        `one / per-row pair by pair ${f1(Math.min(...rs) * 100)}–${f1(Math.max(...rs) * 100)} %, median ${f1(median(rs) * 100)} %`,
    );
  }
} finally {
  await browser.close();
}
