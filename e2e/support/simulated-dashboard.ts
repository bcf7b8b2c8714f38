/**
 * The dashboard against a seeded simulator, as most e2e specs run it: the simulator in this
 * process on port 0, and the dashboard on it (./dashboard-page.ts). `close` stops everything,
 * whichever parts started.
 */
import type { Page } from 'playwright-core';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../feed-simulator';
import { openDashboard } from './dashboard-page';

export interface SimulatedDashboard {
  /** The running simulator; a spec may close it and start another on the same port. */
  sim: RunningSimulator | undefined;
  readonly page: Page;
  /** Page errors and Content-Security-Policy violations seen so far. */
  readonly pageProblems: readonly string[];
  /** The web host's settings file. */
  readonly settings: string;
  close(): Promise<void>;
}

/** Starts the simulator, the web host and the page; `name` keeps settings files apart. */
export async function openSimulatedDashboard(
  name: string,
  simulator: SimulatorOptions,
): Promise<SimulatedDashboard> {
  const sim = await startSimulator({ ...simulator, port: 0 });
  try {
    const dashboard = await openDashboard(name, ['--feed', sim.url]);
    const session: SimulatedDashboard = {
      sim,
      page: dashboard.page,
      pageProblems: dashboard.pageProblems,
      settings: dashboard.settings,
      close: async () => {
        await dashboard.close();
        await session.sim?.close();
      },
    };
    return session;
  } catch (err) {
    await sim.close();
    throw err;
  }
}
