/**
 * Electron entry: one instance, one main window (and its pop-outs, ./popout-windows.ts), the
 * Electron-free app host behind it. This file only wires lifecycle, windows, menu, IPC and the
 * batch ports together; the feed engine, settings and recording live in main/host/host.ts, which
 * runs the same under `npm run web`.
 */
import type { BrowserWindow, MessageBoxOptions } from 'electron';
import { app, dialog, protocol, screen, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Notice } from '../../protocol/ipc';
import type { AppArgs } from '../host/app-args';
import { APP_USAGE, parseAppArgs, settingsOverrides } from '../host/app-args';
import { APP_ID } from './app-id';
import { APP_INDEX_URL, APP_SCHEME, contentSecurityPolicy, isAppUrl } from './app-protocol';
import { connectBatches } from './batch-port';
import { crashRecovery } from './crash-recovery';
import { createAppHost } from '../host/host';
import { addressHosts } from '../host/feed-endpoints';
import type { CommandReply } from './ipc';
import { routeHostEvents } from './host-events';
import { registerCommandHandlers, sendHostEvent } from './ipc';
import { workspaceDialogs } from './workspace-dialogs';
import { installContextMenu, installMenu } from './menu';
import { checkForUpdates, loadAutoUpdater } from './updater';
import { createMainWindow, hardenSession, moveMainWindow } from './window';
import { PopoutWindows } from './popout-windows';
import type { Settings } from '../../protocol/ipc';
import type { WorkspaceSwitch } from '../../protocol/workspace';
import { LEGACY_WINDOW_STATE_FILE, migrateWindowState } from './window-state';

/** Longest wait for the host to flush the recording and close sockets before quitting. */
const SHUTDOWN_TIMEOUT_MS = 5_000;
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));

/** The question asked before the page connects to an address the user has not chosen yet. */
function endpointQuestion(url: string): MessageBoxOptions {
  // The host on its own line: a URL like ws://bank.example@evil.example/ reads as the first.
  const host = addressHosts(url);
  return {
    type: 'question',
    title: 'Tickdeck',
    message: `Connect to ${host}?`,
    detail: `The dashboard asks to connect to the feed at\n${url}\n\nConnect only if you entered this address yourself.`,
    buttons: ['Cancel', 'Connect'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}

async function run(args: AppArgs): Promise<void> {
  // Windows matches notifications and taskbar grouping to the installed shortcut by this id.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  await app.whenReady();
  const devServerUrl = app.isPackaged ? null : process.env.ELECTRON_RENDERER_URL || null;
  const userData = app.getPath('userData');
  const legacyStatePath = join(userData, LEGACY_WINDOW_STATE_FILE);
  let win: BrowserWindow | null = null;
  const host = await createAppHost({
    settingsPath: args.settings ?? join(userData, 'settings.json'),
    overrides: settingsOverrides(args),
    replay: args.replay ?? null,
    // Main's own dialog, which the page can neither draw nor answer (docs/SECURITY.md).
    confirmEndpoint: async (url) => {
      const options = endpointQuestion(url);
      const { response } = win
        ? await dialog.showMessageBox(win, options)
        : await dialog.showMessageBox(options);
      return response === 1;
    },
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
      if (win) sendHostEvent(win.webContents, 'window:panels', panels);
    },
  });
  /** Every window's page: the main one first, then the pop-outs. */
  const pages = () => [...(win ? [win.webContents] : []), ...popouts.contents()];

  let pageReady = false;
  const pending: Notice[] = [];
  const notify = (notice: Notice) => {
    if (win && pageReady) sendHostEvent(win.webContents, 'app:notice', notice);
    else pending.push(notice);
  };
  routeHostEvents(host, { main: () => win, pages, notify });

  hardenSession(session.defaultSession, {
    rendererDir: RENDERER_DIR,
    csp: contentSecurityPolicy(devServerUrl),
    devServerUrl,
  });
  const chooseReplay = async (): Promise<CommandReply<unknown>> => {
    const options = { title: 'Open recording', properties: ['openDirectory' as const] };
    const choice = win
      ? await dialog.showOpenDialog(win, options)
      : await dialog.showOpenDialog(options);
    const path = choice.filePaths[0];
    return choice.canceled || !path
      ? { ok: true, value: null }
      : host.invoke('replay:open', [path]);
  };
  registerCommandHandlers(
    {
      invoke: async (channel, values) => {
        const reply = await host.invoke(channel, values);
        if (!reply.ok || channel !== 'workspace:switch') return reply;
        // A workspace brings the main window's place (none saved: it stays put) and its pop-outs.
        const { mainWindow, windows } = (reply.value as WorkspaceSwitch).settings;
        if (mainWindow && win) moveMainWindow(win, mainWindow);
        if (win) popouts.arrange(windows);
        return reply;
      },
      chooseReplay: chooseReplay as never,
      ...workspaceDialogs(host, () => win),
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

  // The last main-window place write; quitting waits for it so a fast quit keeps the position.
  let windowSaved: Promise<void> = Promise.resolve();
  const createWindow = async () => {
    const read = await host.invoke('settings:get', []);
    const settings = read.ok ? (read.value as Settings) : null;
    const current = createMainWindow({
      preload: PRELOAD_PATH,
      url: pageUrl,
      isPackaged: app.isPackaged,
      saved:
        settings?.mainWindow ??
        // Once: the place an older version kept beside the settings moves into them.
        (await migrateWindowState(
          legacyStatePath,
          (bounds) => screen.getDisplayMatching(bounds).id,
          (mainWindow) => host.saveMainWindow(mainWindow),
        ).catch((err: Error) => {
          console.warn(`Could not move the window position into the settings: ${err.message}`);
          return null;
        })),
      save: (mainWindow) => {
        windowSaved = host
          .saveMainWindow(mainWindow)
          .catch((err: Error) =>
            console.warn(`Could not save the window position: ${err.message}`),
          );
      },
    });
    win = current;
    installContextMenu(current);
    let disconnect = () => {};
    // Every load (first load, reload) gets a fresh port; the old one is detached.
    current.webContents.on('did-finish-load', () => {
      disconnect();
      disconnect = connectBatches(host, current.webContents);
      pageReady = true;
      pending.splice(0).forEach(notify);
    });
    // The engine and any recording run in this process and carry on; only the page restarts.
    const recover = crashRecovery({
      reload: () => current.webContents.reload(),
      ask: async (message, detail) => {
        const { response } = await dialog.showMessageBox(current, {
          type: 'error',
          title: 'Tickdeck',
          message,
          detail,
          buttons: ['Reload', 'Quit'],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        });
        return response === 1 ? 'quit' : 'reload';
      },
      quit: () => app.quit(),
      notify,
    });
    current.webContents.on('render-process-gone', (_event, details) => {
      pageReady = false;
      disconnect();
      disconnect = () => {};
      // Not while quitting: the page going away then is expected.
      if (!current.isDestroyed() && !shuttingDown) void recover(details.reason);
    });
    // The pop-outs belong to the main window: they close with it and reopen with it.
    current.on('close', () => popouts.closeAll());
    current.on('closed', () => {
      disconnect();
      win = null;
      pageReady = false;
    });
    if (settings) popouts.restore(settings.windows);
    // Windows logoff and shutdown end the process without 'will-quit': flush now.
    current.on('session-end', () => void shutdown());
  };
  // Single flight: a 'second-instance' or 'activate' while the saved state is being read must
  // not open a second window (whose IPC would then fail the sender check).
  let opening: Promise<void> | null = null;
  const openWindow = (): Promise<void> => {
    if (win) return Promise.resolve();
    opening ??= createWindow().finally(() => {
      opening = null;
    });
    return opening;
  };

  app.on('second-instance', () => {
    void openWindow().then(() => {
      if (!win) return;
      if (win.isMinimized()) win.restore();
      win.focus();
    });
  });
  app.on('activate', () => void openWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Flushes a recording in progress, closes the sockets and lets the window position finish
  // saving, bounded in time; once, however many ways the app is asked to end.
  let shuttingDown: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS));
    shuttingDown ??= Promise.race([
      Promise.all([host.close(), windowSaved]).then(() => {}),
      timeout,
    ]).catch((err: Error) => console.error(`Shutdown: ${err.message}`));
    return shuttingDown;
  };
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void shutdown().finally(() => {
      closed = true;
      app.quit();
    });
  });

  await openWindow();
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

// Packaged: [exe, ...args]; development: [electron, out/main/index.js, ...args]. Unknown options
// are allowed through because Chromium switches (e.g. --enable-logging) share this argv.
const parsed = parseAppArgs(process.argv.slice(app.isPackaged ? 1 : 2), true);
if (!parsed.ok) {
  console.error(`tickdeck: ${parsed.error}\n\n${APP_USAGE}`);
  app.exit(2);
} else if (parsed.value.help) {
  console.log(APP_USAGE);
  app.exit(0);
} else if (!app.requestSingleInstanceLock()) {
  // The running instance focuses its window (see 'second-instance').
  app.quit();
} else {
  run(parsed.value).catch((err: Error) => {
    dialog.showErrorBox('Tickdeck could not start', err.stack ?? err.message);
    app.exit(1);
  });
}
