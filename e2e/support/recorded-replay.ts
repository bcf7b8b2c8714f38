/**
 * The setup of the replay specs: a few seconds of the seeded simulator recorded into a fresh
 * folder, replayed in browser mode (`node out/main/web.js --replay <dir>`, built by
 * `npm run test:e2e`), with headless Chromium open on it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSimulator, type SimulatorOptions } from '../../feed-simulator';
import { recordFeed } from '../../recording';
import { openDashboard, type DashboardPage } from './dashboard-page';

/** Options of {@link startRecordedReplay}. */
export interface RecordedReplayOptions {
  /** Prefix of the temporary folder's name. */
  readonly tmpPrefix: string;
  /** The simulator recorded (its port is chosen). */
  readonly sim: SimulatorOptions;
  /** Recorded time, ms. */
  readonly recordMs: number;
}

/** A replay being shown in Chromium. */
export interface RecordedReplay {
  readonly page: Page;
  /** Console errors and page errors so far. */
  readonly pageProblems: readonly string[];
  /** Closes Chromium and the web host, and removes the folder; safe after a failed start. */
  close(): Promise<void>;
}

/** Records, starts the replay and opens it in a 1600 × 900 page. */
export async function startRecordedReplay(opts: RecordedReplayOptions): Promise<RecordedReplay> {
  const dir = await mkdtemp(join(tmpdir(), opts.tmpPrefix));
  let dashboard: DashboardPage | undefined;
  const close = async () => {
    await dashboard?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const sim = await startSimulator({ ...opts.sim, port: 0 });
    try {
      const recording = await recordFeed({ url: sim.url, dir: join(dir, 'session') });
      await new Promise((resolve) => setTimeout(resolve, opts.recordMs));
      await recording.stop();
    } finally {
      await sim.close();
    }
    dashboard = await openDashboard('replay', ['--replay', join(dir, 'session')]);
    return { page: dashboard.page, pageProblems: dashboard.pageProblems, close };
  } catch (err) {
    await close();
    throw err;
  }
}
