/**
 * Electron entry: one instance, one window, the Electron-free app host behind it. This file only
 * wires lifecycle, window, menu, IPC and the batch port together; the feed engine, settings and
 * recording live in main/host.ts, which runs the same under `npm run web`.
 */
import type { WebContents, BrowserWindow } from 'electron';
import { app, dialog, MessageChannelMain, protocol, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BatchAck, HostEvents, Notice } from '../protocol/ipc';
import { BATCH_PORT_CHANNEL } from '../protocol/ipc';
import type { AppArgs } from './app-args';
import { APP_USAGE, parseAppArgs, settingsOverrides } from './app-args';
import { APP_INDEX_URL, APP_SCHEME, contentSecurityPolicy, isAppUrl } from './app-protocol';
import type { AppHost } from './host';
import { createAppHost } from './host';
import type { CommandReply } from './ipc';
import { registerCommandHandlers, sendHostEvent } from './ipc';
import { installMenu } from './menu';
import { checkForUpdates, loadAutoUpdater } from './updater';
import { createMainWindow, hardenSession } from './window';
import { loadWindowState, saveWindowState } from './window-state';

/** Longest wait for the host to flush the recording and close sockets before quitting. */
const SHUTDOWN_TIMEOUT_MS = 5_000;
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));

function isBatchAck(data: unknown): data is BatchAck {
  const ack = data as Partial<BatchAck> | null;
  return typeof ack === 'object' && ack?.type === 'ack' && Number.isSafeInteger(ack.seq);
}

/** Gives the page a fresh batch port and attaches it to the host; returns the detacher. */
function connectBatches(host: AppHost, contents: WebContents): () => void {
  const { port1, port2 } = new MessageChannelMain();
  const attachment = host.attach((batch) => port1.postMessage(batch));
  port1.on('message', ({ data }) => {
    if (isBatchAck(data)) attachment.ack(data.seq);
  });
  port1.start();
  contents.postMessage(BATCH_PORT_CHANNEL, null, [port2]);
  return () => {
    attachment.detach();
    port1.close();
  };
}

async function run(args: AppArgs): Promise<void> {
  await app.whenReady();
  const devServerUrl = app.isPackaged ? null : process.env.ELECTRON_RENDERER_URL || null;
  const userData = app.getPath('userData');
  const statePath = join(userData, 'window-state.json');
  const host = await createAppHost({
    settingsPath: args.settings ?? join(userData, 'settings.json'),
    overrides: settingsOverrides(args),
    replay: args.replay ?? null,
  });

  let win: BrowserWindow | null = null;
  let pageReady = false;
  const pending: Notice[] = [];
  const notify = (notice: Notice) => {
    if (win && pageReady) sendHostEvent(win.webContents, 'app:notice', notice);
    else pending.push(notice);
  };
  host.onEvent((channel, payload) => {
    if (channel === 'app:notice') notify(payload as Notice);
    else if (win) sendHostEvent(win.webContents, 'app:menu', payload as HostEvents['app:menu']);
  });

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
      invoke: (channel, values) => host.invoke(channel, values),
      chooseReplay: chooseReplay as never,
    },
    { contents: () => win?.webContents ?? null, isAppUrl: (url) => isAppUrl(url, devServerUrl) },
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

  const openWindow = async () => {
    const current = createMainWindow({
      preload: PRELOAD_PATH,
      url: devServerUrl ?? APP_INDEX_URL,
      isPackaged: app.isPackaged,
      saved: await loadWindowState(statePath),
      saveState: (state) =>
        void saveWindowState(statePath, state).catch((err: Error) =>
          console.warn(`Could not save the window position: ${err.message}`),
        ),
    });
    win = current;
    let disconnect = () => {};
    // Every load (first load, reload) gets a fresh port; the old one is detached.
    current.webContents.on('did-finish-load', () => {
      disconnect();
      disconnect = connectBatches(host, current.webContents);
      pageReady = true;
      pending.splice(0).forEach(notify);
    });
    current.webContents.on('render-process-gone', () => {
      pageReady = false;
      disconnect();
      disconnect = () => {};
    });
    current.on('closed', () => {
      disconnect();
      win = null;
      pageReady = false;
    });
  };

  app.on('second-instance', () => {
    if (!win) return void openWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (!win) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    const timeout = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS));
    void Promise.race([host.close(), timeout])
      .catch((err: Error) => console.error(`Shutdown: ${err.message}`))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  await openWindow();
  void checkForUpdates({ isPackaged: app.isPackaged, load: loadAutoUpdater, notify });
}

// Must run before `ready`: app:// gets a real origin, secure context and fetch support.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
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
