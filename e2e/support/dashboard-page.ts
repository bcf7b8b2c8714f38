/**
 * The dashboard in browser mode as the e2e specs open it: the web host as a child process with
 * a settings file of the run's own (never the user's) and the spec's own feed arguments, and a
 * 1600×900 page in headless Chromium that records page errors and policy violations. `close`
 * saves a screenshot for people to look at (an artifact, not a check) when asked, then stops
 * whatever started.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { collectPageProblems, launchChromium } from './chromium';
import { startWebHostProcess, type WebHostProcess } from './web-host-process';

/** Where specs save screenshots and other artifacts. */
export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));

export interface DashboardPage {
  readonly page: Page;
  /** Page errors and Content-Security-Policy violations seen so far. */
  readonly pageProblems: readonly string[];
  /** The web host's settings file, for specs that read what it saved. */
  readonly settings: string;
  /** Saves `artifacts/<screenshot>` first when given, then stops the page and the host. */
  close(screenshot?: string): Promise<void>;
}

/** Starts the web host with `args` (its feeds and the like) and opens the page on it; `name`
 * names its temporary folder; `settings`, when given, is the settings file it starts from. */
export async function openDashboard(
  name: string,
  args: readonly string[],
  settings?: object,
): Promise<DashboardPage> {
  // A folder of its own: specs run in parallel, possibly as threads of one process.
  const dir = await mkdtemp(join(tmpdir(), `tickdeck-e2e-${name}-`));
  let web: WebHostProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const close = async (screenshot?: string) => {
    if (page && screenshot) {
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, screenshot) });
    }
    await browser?.close();
    await web?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (settings) await writeFile(join(dir, 'settings.json'), JSON.stringify(settings));
    web = await startWebHostProcess(['--settings', join(dir, 'settings.json'), ...args]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const pageProblems = collectPageProblems(page);
    await page.goto(web.url);
    return { page, pageProblems, settings: join(dir, 'settings.json'), close };
  } catch (err) {
    await close();
    throw err;
  }
}
