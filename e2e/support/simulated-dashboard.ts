/**
 * The dashboard against a seeded simulator, as the e2e specs run it: the simulator in this
 * process on port 0, the browser-mode web host as a child process with a settings file of the
 * run's own (never the user's), and a 1600×900 page in headless Chromium that records page
 * errors and policy violations. `close` stops everything, whichever parts started.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../feed-simulator';
import { collectPageProblems, launchChromium } from './chromium';
import { startWebHostProcess, type WebHostProcess } from './web-host-process';

export interface SimulatedDashboard {
  /** The running simulator; a spec may close it and start another on the same port. */
  sim: RunningSimulator | undefined;
  readonly page: Page;
  /** Page errors and Content-Security-Policy violations seen so far. */
  readonly pageProblems: readonly string[];
  close(): Promise<void>;
}

/** Starts the simulator, the web host and the page; `name` keeps settings files apart. */
export async function openSimulatedDashboard(
  name: string,
  simulator: SimulatorOptions,
): Promise<SimulatedDashboard> {
  const settings = join(tmpdir(), `tickdeck-e2e-${name}-${process.pid}.json`);
  let web: WebHostProcess | undefined;
  let browser: Browser | undefined;
  const session = {
    sim: undefined as RunningSimulator | undefined,
    close: async () => {
      await browser?.close();
      await web?.stop();
      await session.sim?.close();
      await rm(settings, { force: true });
    },
  };
  try {
    session.sim = await startSimulator({ ...simulator, port: 0 });
    web = await startWebHostProcess(['--settings', settings, '--feed', session.sim.url]);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const pageProblems = collectPageProblems(page);
    await page.goto(web.url);
    return Object.assign(session, { page, pageProblems });
  } catch (err) {
    await session.close();
    throw err;
  }
}
