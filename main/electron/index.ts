/**
 * Electron entry: one instance, one main window (and its pop-outs, ./popout-windows.ts), the
 * Electron-free app host behind it. This file only wires lifecycle, windows, menu, IPC and the
 * batch ports together; the feed engine, settings and recording live in the app host
 * (main/host/host.ts opens it), which runs the same under `npm run web`.
 */
import type { BrowserWindow } from 'electron';
import { app, dialog, protocol, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppArgs } from '../host/app-args';
import { settingsOverrides } from '../host/app-args';
import { readCommandLine, WARNINGS_SAID_ENV } from '../host/command-line';
import { APP_ID } from './app-id';
import { APP_INDEX_URL, APP_SCHEME, contentSecurityPolicy, isAppUrl } from './app-protocol';
import { connectBatches } from './batch-port';
import { confirmEndpoint, replayChooser } from './host-dialogs';
import { createAppHost } from '../host/host';
import { StartError } from '../host/host-api';
import type { CommandReply } from './ipc';
import { routeHostEvents } from './host-events';
import { registerCommandHandlers, sendHostEvent } from './ipc';
import { MainWindow } from './main-window';
import { workspaceDialogs } from './workspace-dialogs';
import { installMenu } from './menu';
import { installShutdown } from './shutdown';
import { checkForUpdates, loadAutoUpdater } from './updater';
import { hardenSession } from './hardening';
import { moveMainWindow } from './main-window-place';
import { PopoutWindows } from './popout-windows';
import type { SecondStart } from './second-start';
import { secondStartNotice } from './second-start';
import type { WorkspaceSwitch } from '../../protocol/workspace';
import { LEGACY_WINDOW_STATE_FILE } from './window-state';

const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));

async function run(args: AppArgs): Promise<void> {
  // Windows matches notifications and taskbar grouping to the installed shortcut by this id.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  await app.whenReady();
  const devServerUrl = app.isPackaged ? null : process.env.ELECTRON_RENDERER_URL || null;
  const userData = app.getPath('userData');
  // The main window, once it is made; the host's dialogs need it before that.
  let main: MainWindow | null = null;
  const win = (): BrowserWindow | null => main?.win ?? null;
  const host = await createAppHost({
    settingsPath: args.settings ?? join(userData, 'settings.json'),
    overrides: settingsOverrides(args),
    replay: args.replay ?? null,
    // Main's own dialog, which the page can neither draw nor answer (docs/SECURITY.md).
    confirmEndpoint: confirmEndpoint(win),
    alertRules: args.alerts,
    workspace: args.workspace,
  });

  const pageUrl = devServerUrl ?? APP_INDEX_URL;
  const popouts = new PopoutWindows({
    preload: PRELOAD_PATH,
    pageUrl,
    isPackaged: app.isPackaged,
    connect: (contents) => connectBatches(host, contents),
    save: (windows) =>
      void host
        .saveWindows(windows)
        .catch((err: Error) => console.warn(`Could not save the pop-out windows: ${err.message}`)),
    changed: (panels) => {
      const current = win();
      if (current) sendHostEvent(current.webContents, 'window:panels', panels);
    },
    notify: (notice) => main?.notify(notice),
  });
  const shutdown = installShutdown(app, () => Promise.all([host.close(), mainWindow.saved]));
  const mainWindow = new MainWindow({
    host,
    popouts,
    preload: PRELOAD_PATH,
    pageUrl,
    legacyStatePath: join(userData, LEGACY_WINDOW_STATE_FILE),
    quitting: shutdown.started,
    shutdown: () => void shutdown.run(),
  });
  main = mainWindow;
  const { notify, showAlert } = mainWindow;
  /** Every window's page: the main one first, then the pop-outs. */
  const pages = () => {
    const current = win();
    return [...(current ? [current.webContents] : []), ...popouts.contents()];
  };
  routeHostEvents(host, { main: win, pages, notify, showAlert });

  hardenSession(session.defaultSession, {
    rendererDir: RENDERER_DIR,
    csp: contentSecurityPolicy(devServerUrl),
    devServerUrl,
  });
  const chooseReplay = replayChooser(host, win);
  registerCommandHandlers(
    {
      invoke: async (channel, values) => {
        const reply = await host.invoke(channel, values);
        if (!reply.ok || channel !== 'workspace:switch') return reply;
        // A workspace brings the main window's place (none saved: it stays put) and its pop-outs.
        const { mainWindow, windows } = (reply.value as WorkspaceSwitch).settings;
        const current = win();
        if (mainWindow && current) moveMainWindow(current, mainWindow);
        if (current) popouts.arrange(windows);
        return reply;
      },
      chooseReplay: chooseReplay as never,
      ...workspaceDialogs(host, win),
      windows: popouts,
    },
    { contents: pages, isAppUrl: (url) => isAppUrl(url, devServerUrl) },
  );
  const reportFailure = (reply: Promise<CommandReply<unknown>>) =>
    void reply.then((r) => r.ok || notify({ level: 'error', message: r.error }));
  installMenu({
    isPackaged: app.isPackaged,
    platform: process.platform,
    actions: {
      openRecording: () => reportFailure(chooseReplay()),
      startRecording: () => reportFailure(host.invoke('recording:start', [])),
      stopRecording: () => reportFailure(host.invoke('recording:stop', [])),
    },
  });
  app.setAboutPanelOptions({
    applicationName: 'Tickdeck',
    applicationVersion: app.getVersion(),
    website: 'https://github.com/tickdeck/tickdeck',
  });

  app.on('second-instance', (_event, _argv, _cwd, data) => {
    void mainWindow.open().then(() => {
      const notice = secondStartNotice(data);
      if (notice) notify(notice);
      const current = win();
      if (!current) return;
      if (current.isMinimized()) current.restore();
      current.focus();
    });
  });
  app.on('activate', () => void mainWindow.open());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  await mainWindow.open();
  void checkForUpdates({ isPackaged: app.isPackaged, load: loadAutoUpdater, notify });
}

// Must run before `ready`: app:// gets a real origin, secure context and fetch support, and V8
// caches the compiled bundle between launches instead of compiling ~850 KB of script each time
// (codeCache needs `standard`).
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);

// Packaged: [exe, ...args]; development: [electron, out/main/index.js, ...args]. Chromium's
// switches (e.g. --enable-logging) share this argv: let through, and any other flag named as
// not used (main/host/unknown-options.ts).
const userArgs = process.argv.slice(app.isPackaged ? 1 : 2);
const line = readCommandLine(userArgs, 'desktop');
// `npm start` said the warnings before its build (bug 263); not passed on to what the app starts.
const warningsSaid = process.env[WARNINGS_SAID_ENV] === '1';
delete process.env[WARNINGS_SAID_ENV];
if (line.kind === 'refused') {
  console.error(line.line);
  app.exit(2);
} else if (line.kind === 'help') {
  console.log(line.text);
  app.exit(0);
} else if (!app.requestSingleInstanceLock({ args: userArgs } satisfies SecondStart)) {
  // The running instance focuses its window and says what was not applied ('second-instance').
  app.quit();
} else {
  if (!warningsSaid) for (const warning of line.warnings) console.warn(warning);
  run(line.args).catch((err: Error) => {
    // The user's own choices refused the start (an `--alert` on a source the run lacks, the
    // settings file in use by another host): said plainly, as a bad flag is, and exit 2.
    const refused = err instanceof StartError;
    if (refused) console.error(`tickdeck: ${err.message}`);
    dialog.showErrorBox(
      'Tickdeck could not start',
      refused ? err.message : (err.stack ?? err.message),
    );
    app.exit(refused ? 2 : 1);
  });
}
