/**
 * The machine's floor for bench/windows.bench.ts: four headless Chromium pages, each drawing one
 * canvas the size of a bench pop-out page with trivial content (a line moved every frame), no
 * engine and no data. What these four hold is the most any four pages of ours could hold on this
 * machine at that moment: if they fall short of 60 fps, the machine is the ceiling; if they hold
 * it while the dashboard's windows do not, the gap is ours.
 */
import type { Browser, Page } from 'playwright-core';
import type { BenchResult } from './report';
import { series } from './numbers';
import { sleep } from './children';
import { followCpu, mainThread } from './windows-split';

/** The bench's pages' viewport, so the floor's canvas is as large as a pop-out page's charts. */
export const FLOOR_VIEWPORT = { width: 1600, height: 900 } as const;
const FLOOR_PAGES = 4;
const FLOOR_WARMUP_MS = 2_000;

/**
 * A full-viewport canvas cleared and crossed by one moving line each animation frame; its frame
 * times are kept for `__floorTake` (frames are counted from these times, as the bench's probe
 * counts a dashboard's).
 */
const FLOOR_HTML = `<!doctype html><title>floor</title>
<style>html,body{margin:0;height:100%;overflow:hidden}canvas{display:block;width:100vw;height:100vh}</style>
<canvas></canvas><script>
const c = document.querySelector('canvas');
c.width = innerWidth; c.height = innerHeight;
const g = c.getContext('2d');
let ts = [];
const frame = (t) => {
  ts.push(t);
  g.clearRect(0, 0, c.width, c.height);
  const x = (t / 4) % c.width;
  g.beginPath(); g.moveTo(x, 0); g.lineTo(c.width - x, c.height); g.stroke();
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
window.__floorTake = () => { const out = ts; ts = []; return out; };
</script>`;

declare global {
  interface Window {
    __floorTake(): number[];
  }
}

/** Frames per second from animation-frame times, ms: frames over the span they cover. */
export function framesPerSecond(ts: readonly number[]): number {
  if (ts.length < 2) return 0;
  return ((ts.length - 1) / (ts[ts.length - 1]! - ts[0]!)) * 1000;
}

/** Each floor page's frame rate and main-thread CPU (ms/s) over the measured window. */
export interface FloorFigures {
  readonly fps: readonly number[];
  readonly mainThread: readonly number[];
}

/** Opens four floor pages at once, lets them warm up, and measures each over `ms`. */
export async function measureFloor(browser: Browser, ms: number): Promise<FloorFigures> {
  const pages: Page[] = [];
  try {
    for (let i = 0; i < FLOOR_PAGES; i++) {
      const page = await browser.newPage({ viewport: FLOOR_VIEWPORT });
      pages.push(page);
      await page.setContent(FLOOR_HTML);
    }
    await sleep(FLOOR_WARMUP_MS);
    const cpus = await Promise.all(pages.map(followCpu));
    await Promise.all(pages.map((p) => p.evaluate(() => window.__floorTake())));
    await sleep(ms);
    const times = await Promise.all(pages.map((p) => p.evaluate(() => window.__floorTake())));
    const splits = await Promise.all(cpus.map((c) => c.take()));
    return { fps: times.map(framesPerSecond), mainThread: splits.map(mainThread) };
  } finally {
    for (const page of pages) await page.close().catch(() => undefined);
  }
}

/** The floor as a bench figure: the slowest of its four pages, each page's fps and CPU in the note. */
export function floorResult(name: string, floor: FloorFigures, idle?: FloorFigures): BenchResult {
  const value = Math.min(...floor.fps);
  const baseline = idle && Math.min(...idle.fps);
  return {
    name,
    value,
    unit: 'fps',
    ...(baseline ? { baseline, ratio: value / baseline } : {}),
    note: `pages ${series(floor.fps)}; main-thread CPU ${series(floor.mainThread)} ms/s${idle ? '; baseline = the same four before the sources started' : ''}`,
  };
}
