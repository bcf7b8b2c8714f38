/**
 * The app host's front door: `createAppHost` opens what the host needs (its settings and
 * workspaces, the alert log, the feed engine over the saved feeds, the endpoints the user chose)
 * and starts it. The running host is ./app-host.ts; what it offers, ./host-api.ts.
 */
import { feedChoices } from '../../protocol/settings';
import { exchangeProtocol } from '../feed/adapters/exchange-protocol';
import { createEngine } from '../feed/engine-thread';
import { Host } from './app-host';
import { FeedEndpoints, feedAddress } from './feed-endpoints';
import { DEFAULT_RECORDINGS_DIR, StartError, type AppHost, type HostOptions } from './host-api';
import { adoptAlertLog, adoptWorkspaces } from './settings-companions';
import { withFiredStates } from './fired-rules';
import { openAlertLog } from '../alerts/alert-log';
import { checkRunRuleSources, runSourceNames } from './run-rules';
import { openSettingsStore } from './settings-store';
import { lockSettings, type SettingsLock } from './settings-lock';
import { openWorkspaceStore } from './workspace-store';

export type { AppHost, HostOptions } from './host-api';
export { DEFAULT_RECORDINGS_DIR, StartError } from './host-api';
export { alertLogPathOf, workspacesPathOf } from './settings-companions';

/**
 * Loads settings, starts the engine (or the replay) and returns the running host. Rejects with a
 * `StartError` when another host holds the settings file, `--workspace` names none saved, an
 * `--alert` names a source the run does not have, or the `--replay` will not open.
 */
export async function createAppHost(options: HostOptions): Promise<AppHost> {
  // First: nothing of the file's is read or written while another host holds it (bug 150).
  const lock = await lockSettings(options.settingsPath);
  try {
    return await openHost(options, lock);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function openHost(options: HostOptions, lock: SettingsLock): Promise<AppHost> {
  const { settingsPath } = options;
  // Before the settings store may create the settings file (`--workspace`): a settings file
  // new to the folder starts with no workspaces and an empty log, not copies of the folder's.
  const workspaces = await openWorkspaceStore(
    settingsPath === null ? null : await adoptWorkspaces(settingsPath),
  );
  const logPath = settingsPath === null ? null : await adoptAlertLog(settingsPath);
  // The command line's choice, so saved as the settings before this run's overrides apply.
  let start;
  try {
    start = options.workspace === undefined ? undefined : workspaces.get(options.workspace);
  } catch (err) {
    throw new StartError(`--workspace: ${(err as Error).message}`, { cause: err });
  }
  // Its rules keep the fired states the settings hold for them, as a switch to it does.
  const settings = await openSettingsStore(
    options.settingsPath,
    options.overrides,
    start &&
      ((loaded) => ({
        ...start.settings,
        alerts: withFiredStates(start.settings.alerts, loaded.alerts),
      })),
    // Once the sources' names are final (saved ones, and the flags' named after them), and
    // before anything is saved: a refused start leaves the files as they were (bug 181).
    (starting) => checkRunRuleSources(options.alertRules ?? [], runSourceNames(starting)),
  );
  const current = settings.current();
  if (start) await workspaces.setCurrent(start.name);
  const choices = feedChoices(current);
  const engine = createEngine({
    feed: current.feed,
    feedEndpoint: current.feedEndpoint,
    ...(choices.length > 1 && { feeds: choices }),
    batchHz: current.batchHz,
    simulator: options.simulator,
    exchanges: exchangeProtocol,
  });
  // The settings file and the flags are the user's own choices; the page's must be confirmed.
  const endpoints = new FeedEndpoints(
    [
      feedAddress(current.feed),
      current.feedEndpoint,
      ...choices.flatMap((c) => [feedAddress(c.feed), c.endpoint]),
    ],
    options.confirmEndpoint ?? null,
  );
  const alertLog = await openAlertLog(logPath);
  const host = new Host(
    engine,
    settings,
    options.recordingsDir ?? DEFAULT_RECORDINGS_DIR,
    endpoints,
    alertLog,
    options.alertRules ?? [],
    workspaces,
    lock,
  );
  try {
    await host.start(options.replay ?? null);
  } catch (err) {
    // A `--replay` that would not open: what the host opened is closed before the refusal.
    await host.close();
    throw err;
  }
  return host;
}
