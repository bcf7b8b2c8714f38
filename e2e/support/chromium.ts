/**
 * Headless Chromium as the end-to-end specs launch it, and the page checks they share.
 */
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

/** `CHROMIUM_PATH` when set (CI points it at the runner's Chrome), else Debian's Chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * No sandbox because the tests run in containers; no GPU, background networking, component
 * updates or sync, so a shared machine spends its time on the page under test.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The options every spec launches Chromium with. */
export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS],
};

export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
}

/** Collects the page's uncaught errors and Content-Security-Policy violations as they happen. */
export function collectPageProblems(page: Page): readonly string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) problems.push(msg.text());
  });
  return problems;
}

/** Pixels a canvas inside the element with this test id has painted (alpha > 0). */
export function paintedPixels(page: Page, testId: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"] canvas`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  }, testId);
}

/**
 * Pixels of the canvas with this test id that differ from its most common colour: what an
 * opaque canvas (filled with its background first, as the ladder's and the tape's are) has
 * drawn on it; `paintedPixels` counts every pixel of such a canvas.
 */
export function inkedPixels(page: Page, testId: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`canvas[data-testid="${id}"]`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0 || canvas.height === 0) return 0;
    const pixels = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
    const counts = new Map<number, number>();
    for (const p of pixels) counts.set(p, (counts.get(p) ?? 0) + 1);
    return pixels.length - Math.max(...counts.values());
  }, testId);
}
