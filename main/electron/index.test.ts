import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, protocol } from 'electron';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { COMMAND_CHANNELS } from '../../protocol/commands';
import { BATCH_PORT_CHANNEL } from '../../protocol/ipc';
import type * as Fake from '../../test-support/electron-fake';
import { WARNINGS_SAID_ENV } from '../host/command-line';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';

const consumer = { ack: vi.fn(), detach: vi.fn() };
/** The pop-out windows and the main window's place the settings hold at start. */
let savedWindows: unknown[] = [];
let savedMain: unknown = null;
const host = {
  invoke: vi.fn(
    async (channel: string, _args: unknown[]): Promise<{ ok: boolean; value: unknown }> =>
      channel === 'settings:get'
        ? { ok: true, value: { windows: savedWindows, mainWindow: savedMain } }
        : { ok: true, value: null },
  ),
  saveWindows: vi.fn(async (_windows: unknown) => {}),
  saveMainWindow: vi.fn(async (_mainWindow: unknown) => {}),
  attach: vi.fn((_send: (batch: unknown) => void) => consumer),
  onEvent: vi.fn((_listener: (channel: string, payload: unknown) => void) => () => {}),
  close: vi.fn(async () => {}),
};
const createAppHost = vi.fn(async (_options: unknown) => host);
vi.mock('../host/host', () => ({ createAppHost }));

const fakeApp = app as unknown as typeof Fake.app;
const windows = (BrowserWindow as unknown as typeof Fake.BrowserWindow).instances;
const argv = process.argv;
const platform = process.platform;

function setPlatform(value: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value, configurable: true });
}

/** Loads main/electron/index.ts as Electron would, with these command-line arguments. */
async function start(...args: string[]): Promise<void> {
  process.argv = ['electron', 'out/main/index.js', ...args];
  vi.resetModules();
  await import('./index');
  await vi.waitFor(() => expect(windows.length).toBeGreaterThan(0));
}

describe('Electron entry', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    savedWindows = [];
    savedMain = null;
    windows.length = 0;
    fakeApp.removeAllListeners();
  });
  afterEach(() => {
    process.argv = argv;
    setPlatform(platform);
  });

  it('starts the host with command-line overrides and loads the app page', async () => {
    await start('--feed', 'ws://127.0.0.1:9000', '--replay', '/data/rec');
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true }) },
    ]);
    expect(createAppHost).toHaveBeenCalledWith({
      settingsPath: join('/tmp/tickdeck-user-data', 'settings.json'),
      overrides: { feed: 'ws://127.0.0.1:9000' },
      replay: '/data/rec',
      confirmEndpoint: expect.any(Function),
    });
    expect(ipcMain.handle).toHaveBeenCalledTimes(COMMAND_CHANNELS.length);
    expect(windows[0]!.webContents.loadURL).toHaveBeenCalledWith('app://tickdeck/index.html');
  });

  it("asks in main's own dialog before the page connects to a new feed address, naming its host", async () => {
    await start();
    const { confirmEndpoint } = createAppHost.mock.calls[0]![0] as {
      confirmEndpoint: (url: string) => Promise<boolean>;
    };
    const url = 'ws://bank.example@evil.example:9000/feed';
    vi.mocked(dialog.showMessageBox).mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    expect(await confirmEndpoint(url)).toBe(false); // Cancel, the default
    expect(dialog.showMessageBox).toHaveBeenCalledWith(
      windows[0],
      expect.objectContaining({
        message: 'Connect to evil.example:9000?',
        detail: expect.stringContaining(url),
        buttons: ['Cancel', 'Connect'],
        defaultId: 0,
        cancelId: 0,
      }),
    );
    vi.mocked(dialog.showMessageBox).mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await confirmEndpoint(url)).toBe(true);
  });

  it('gives each page load a batch port, forwards valid acks and detaches the old port', async () => {
    await start();
    const channels = (MessageChannelMain as unknown as typeof Fake.MessageChannelMain).instances;
    channels.length = 0;
    const contents = windows[0]!.webContents;
    contents.emit('did-finish-load');
    const [{ port1, port2 }] = channels as [Fake.MessageChannelMain];
    expect(contents.postMessage).toHaveBeenCalledWith(BATCH_PORT_CHANNEL, null, [port2]);
    expect(port1.start).toHaveBeenCalled();

    host.attach.mock.calls[0]![0]({ seq: 1 });
    expect(port1.postMessage).toHaveBeenCalledWith({ seq: 1 });
    port1.emit('message', { data: { type: 'ack', seq: 1 } });
    port1.emit('message', { data: { type: 'ack', seq: 'one' } });
    port1.emit('message', { data: 'junk' });
    expect(consumer.ack.mock.calls).toEqual([[1]]);

    contents.emit('did-finish-load'); // a reload
    expect(consumer.detach).toHaveBeenCalledTimes(1);
    expect(port1.close).toHaveBeenCalled();
    expect(channels).toHaveLength(2);
    expect(host.attach).toHaveBeenCalledTimes(2);
  });

  it('has V8 cache the compiled app:// scripts between launches', async () => {
    await start();
    const [scheme] = vi.mocked(protocol.registerSchemesAsPrivileged).mock.calls[0]![0];
    // Electron ignores codeCache unless the scheme is standard.
    expect(scheme!.privileges).toMatchObject({ standard: true, codeCache: true });
  });

  it("sets the AppUserModelId to electron-builder's appId on Windows, and only there", async () => {
    setPlatform('win32');
    await start();
    expect(fakeApp.setAppUserModelId).toHaveBeenCalledWith('io.github.tickdeck.tickdeck');
    vi.clearAllMocks();
    windows.length = 0;
    setPlatform('linux');
    await start();
    expect(fakeApp.setAppUserModelId).not.toHaveBeenCalled();
  });

  it('opens one window however many activate/second-instance events arrive while it opens', async () => {
    await start();
    windows[0]!.emit('closed');
    fakeApp.emit('activate');
    fakeApp.emit('second-instance');
    fakeApp.emit('activate');
    await vi.waitFor(() => expect(windows).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(windows).toHaveLength(2);
    await vi.waitFor(() => expect(windows[1]!.focus).toHaveBeenCalled());
  });

  it('reopens the saved pop-outs with the main window, each a trusted page with its own consumer', async () => {
    const chart = { panel: 'chart', instrument: 'ACME' };
    savedWindows = [
      { panel: chart, bounds: { x: 5000, y: 0, width: 700, height: 400 }, displayId: 9 },
    ];
    await start();
    await vi.waitFor(() => expect(windows).toHaveLength(2));
    const [main, popout] = windows as [Fake.BrowserWindow, Fake.BrowserWindow];
    expect(popout.webContents.loadURL).toHaveBeenCalledWith(
      'app://tickdeck/index.html#panel=chart&instrument=ACME',
    );
    expect(popout.options.webPreferences).toEqual(main.options.webPreferences);
    // Its display is gone: on the primary one, whole.
    expect(popout.options).toMatchObject({ x: 610, y: 340, width: 700, height: 400 });
    main.webContents.emit('did-finish-load');
    popout.webContents.emit('did-finish-load');
    expect(host.attach).toHaveBeenCalledTimes(2);
    const handler = vi.mocked(ipcMain.handle).mock.calls.find(([c]) => c === 'window:list')![1];
    const from = (w: Fake.BrowserWindow) =>
      ({
        sender: w.webContents,
        senderFrame: { ...w.webContents.mainFrame },
      }) as never;
    expect(await handler(from(popout))).toEqual({ ok: true, value: [chart] });
    // Closing the main window closes the pop-out without forgetting it.
    main.close();
    expect(popout.close).toHaveBeenCalled();
    expect(host.saveWindows).not.toHaveBeenCalledWith([]);
    expect(await handler(from(popout))).toMatchObject({ ok: false });
  });

  it('reloads a crashed page once by itself, then asks; the engine keeps running', async () => {
    await start();
    const window = windows[0]!;
    const contents = window.webContents;
    contents.emit('did-finish-load');
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(contents.reload).toHaveBeenCalledTimes(1);
    expect(consumer.detach).toHaveBeenCalledTimes(1);
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
    contents.emit('did-finish-load'); // the reloaded page gets a port and the notice
    expect(host.attach).toHaveBeenCalledTimes(2);
    expect(contents.send).toHaveBeenCalledWith('app:notice', {
      level: 'warning',
      message: 'The dashboard crashed and was reloaded. The feed and any recording kept running.',
    });

    vi.mocked(dialog.showMessageBox).mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    expect(dialog.showMessageBox).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ buttons: ['Reload', 'Quit'] }),
    );
    await vi.waitFor(() => expect(fakeApp.quit).toHaveBeenCalled());
    expect(contents.reload).toHaveBeenCalledTimes(1);
    expect(host.close).not.toHaveBeenCalled();
  });

  it('neither reloads nor asks when the page goes away while the app quits', async () => {
    await start();
    fakeApp.emit('will-quit', { preventDefault: vi.fn() });
    windows[0]!.webContents.emit('render-process-gone', {}, { reason: 'killed', exitCode: 0 });
    expect(windows[0]!.webContents.reload).not.toHaveBeenCalled();
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it('gives the window the text-field context menu', async () => {
    await start();
    const flags = { canCut: true, canCopy: true, canPaste: true, canSelectAll: true };
    windows[0]!.webContents.emit('context-menu', {}, { isEditable: true, editFlags: flags });
    const built = vi.mocked(Menu.buildFromTemplate).mock.results.at(-1)!.value as {
      popup: ReturnType<typeof vi.fn>;
    };
    expect(built.popup).toHaveBeenCalledWith({ window: windows[0] });
  });

  it('waits for the window position to be saved before quitting', async () => {
    await start();
    let saved = () => {};
    host.saveMainWindow.mockImplementationOnce(
      () => new Promise<void>((resolve) => (saved = resolve)),
    );
    windows[0]!.emit('close');
    fakeApp.emit('will-quit', { preventDefault: vi.fn() });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host.close).toHaveBeenCalled();
    expect(fakeApp.quit).not.toHaveBeenCalled();
    saved();
    await vi.waitFor(() => expect(fakeApp.quit).toHaveBeenCalled());
  });

  it('flushes recordings when a Windows session ends, which emits no will-quit', async () => {
    await start();
    windows[0]!.emit('session-end', { reasons: ['shutdown'] });
    expect(host.close).toHaveBeenCalledTimes(1);
    expect(host.saveMainWindow).toHaveBeenCalled();
  });

  it('opens the main window where the settings put it, and saves its place there', async () => {
    savedMain = {
      bounds: { x: 300, y: 40, width: 1000, height: 700 },
      displayId: 1,
      maximized: false,
    };
    await start();
    expect(windows[0]!.options).toMatchObject({ x: 300, y: 40, width: 1000, height: 700 });
    windows[0]!.emit('close');
    expect(host.saveMainWindow).toHaveBeenCalledWith({
      bounds: { x: 10, y: 20, width: 1200, height: 800 },
      displayId: 1,
      maximized: false,
    });
  });

  it("moves an older version's window-state.json into the settings once, and opens there", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tickdeck-index-'));
    try {
      fakeApp.getPath.mockReturnValue(dir);
      const legacy = join(dir, 'window-state.json');
      await writeFile(
        legacy,
        JSON.stringify({ x: 200, y: 30, width: 900, height: 600, maximized: false }),
      );
      await start();
      const place = {
        bounds: { x: 200, y: 30, width: 900, height: 600 },
        displayId: 1,
        maximized: false,
      };
      expect(host.saveMainWindow).toHaveBeenCalledWith(place);
      expect(windows[0]!.options).toMatchObject(place.bounds);
      await expect(readFile(legacy)).rejects.toThrow(/ENOENT/);
    } finally {
      fakeApp.getPath.mockReturnValue('/tmp/tickdeck-user-data');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("moves the main window to a workspace's place when the page switches to it", async () => {
    await start();
    const main = windows[0]!;
    const place = {
      bounds: { x: 400, y: 60, width: 1100, height: 750 },
      displayId: 1,
      maximized: false,
    };
    host.invoke.mockImplementationOnce(async () => ({
      ok: true,
      value: {
        settings: { mainWindow: place, windows: [] },
        workspaces: { names: ['Desk'], current: 'Desk' },
      },
    }));
    const handler = vi
      .mocked(ipcMain.handle)
      .mock.calls.find(([c]) => c === 'workspace:switch')![1];
    const from = {
      sender: main.webContents,
      senderFrame: { ...main.webContents.mainFrame },
    } as never;
    expect(await handler(from, 'Desk')).toMatchObject({ ok: true });
    expect(main.setBounds).toHaveBeenCalledWith(place.bounds);
    // A workspace saved before windows were (no place): the window stays where it is.
    host.invoke.mockImplementationOnce(async () => ({
      ok: true,
      value: {
        settings: { mainWindow: null, windows: [] },
        workspaces: { names: ['Old'], current: 'Old' },
      },
    }));
    await handler(from, 'Old');
    expect(main.setBounds).toHaveBeenCalledTimes(1);
  });

  it("opens a workspace's pop-outs when the page switches to it, and closes those of the one before", async () => {
    await start();
    const main = windows[0]!;
    const chart = {
      panel: { panel: 'chart', instrument: 'ACME' },
      bounds: { x: 300, y: 200, width: 700, height: 450 },
      displayId: 1,
    };
    const sports = { ...chart, panel: { panel: 'sports' } };
    const reply = (name: string, popped: unknown[]) => async () => ({
      ok: true,
      value: {
        settings: { mainWindow: null, windows: popped },
        workspaces: { names: ['A', 'B'], current: name },
      },
    });
    const handler = vi
      .mocked(ipcMain.handle)
      .mock.calls.find(([c]) => c === 'workspace:switch')![1];
    const from = {
      sender: main.webContents,
      senderFrame: { ...main.webContents.mainFrame },
    } as never;
    const open = () => windows.slice(1).filter((w) => !w.isDestroyed());
    host.invoke.mockImplementationOnce(reply('A', [chart, sports]));
    expect(await handler(from, 'A')).toMatchObject({ ok: true });
    expect(open()).toHaveLength(2);
    expect(open()[0]!.options).toMatchObject(chart.bounds);
    host.invoke.mockImplementationOnce(reply('B', []));
    await handler(from, 'B');
    expect(open()).toHaveLength(0);
    expect(host.saveWindows).toHaveBeenLastCalledWith([]);
    // The main page is told its panels are back.
    expect(main.webContents.send).toHaveBeenLastCalledWith('window:panels', []);
    host.invoke.mockImplementationOnce(reply('A', [chart, sports]));
    await handler(from, 'A');
    expect(open()).toHaveLength(2);
    // A failed switch leaves the windows as they are.
    host.invoke.mockImplementationOnce(
      async () => ({ ok: false, error: 'no workspace named "C"' }) as never,
    );
    await handler(from, 'C');
    expect(open()).toHaveLength(2);
  });

  it("sends the saved settings to every window when a page changed them: a pop-out's selection reaches the main one", async () => {
    savedWindows = [
      {
        panel: { panel: 'watchlist' },
        bounds: { x: 0, y: 0, width: 700, height: 400 },
        displayId: 1,
      },
    ];
    await start();
    await vi.waitFor(() => expect(windows).toHaveLength(2));
    const hostEvents = host.onEvent.mock.calls[0]![0];
    const settings = { focused: ['GLBX'] };
    hostEvents('settings:changed', settings);
    for (const w of windows)
      expect(w.webContents.send).toHaveBeenCalledWith('settings:changed', settings);
    // Alert states too: a popped-out alert log keeps its rules' states from them.
    const change = {
      version: 1,
      states: { low: 'fired' },
      put: [],
      removed: [],
      logCleared: false,
    };
    hostEvents('alert:states', change);
    for (const w of windows)
      expect(w.webContents.send).toHaveBeenCalledWith('alert:states', change);
  });

  it('flushes the host before quitting', async () => {
    await start();
    const quit = { preventDefault: vi.fn() };
    fakeApp.emit('will-quit', quit);
    expect(quit.preventDefault).toHaveBeenCalled();
    expect(host.close).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(fakeApp.quit).toHaveBeenCalled());
    const again = { preventDefault: vi.fn() };
    fakeApp.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('leaves the work to the running instance when it is not the first', async () => {
    fakeApp.requestSingleInstanceLock.mockReturnValueOnce(false);
    process.argv = ['electron', 'out/main/index.js', '--replay', '/data/rec'];
    vi.resetModules();
    await import('./index');
    expect(fakeApp.requestSingleInstanceLock).toHaveBeenCalledWith({
      args: ['--replay', '/data/rec'],
    });
    expect(fakeApp.quit).toHaveBeenCalled();
    expect(createAppHost).not.toHaveBeenCalled();
  });

  it("says in the running window that a second start's options were not applied", async () => {
    await start();
    const contents = windows[0]!.webContents;
    contents.emit('did-finish-load');
    fakeApp.emit('second-instance', {}, ['electron', '.', '--replay', '/data/rec'], '/home/u', {
      args: ['--replay', '/data/rec'],
    });
    await vi.waitFor(() => expect(windows[0]!.focus).toHaveBeenCalled());
    expect(contents.send).toHaveBeenCalledWith('app:notice', {
      level: 'warning',
      message:
        'Tickdeck is already running, so a second start\'s options were not applied: "--replay /data/rec". Quit Tickdeck first to start it with them.',
    });
    // A plain second start (the app's icon) only brings the window forward.
    fakeApp.emit('second-instance', {}, ['electron', '.'], '/home/u', { args: [] });
    fakeApp.emit('second-instance', {}, ['electron', '.'], '/home/u', { args: [5] });
    await vi.waitFor(() => expect(windows[0]!.focus).toHaveBeenCalledTimes(3));
    expect(contents.send.mock.calls.filter(([c]) => c === 'app:notice')).toHaveLength(1);
  });

  it('refuses bad arguments with usage and exit code 2', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    process.argv = ['electron', 'out/main/index.js', '--feed', 'gopher://nowhere'];
    vi.resetModules();
    await import('./index');
    expect(fakeApp.exit).toHaveBeenCalledWith(2);
    expect(error.mock.calls[0]![0]).toMatch(/--feed/);
    expect(createAppHost).not.toHaveBeenCalled();
    error.mockRestore();
  });

  it('bug 240: refuses a near miss of an option (--prot 0), naming the one meant', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    process.argv = ['electron', 'out/main/index.js', '--enable-logging', '--prot', '0'];
    vi.resetModules();
    await import('./index');
    expect(fakeApp.exit).toHaveBeenCalledWith(2);
    expect(error).toHaveBeenCalledWith(
      'tickdeck: unknown option --prot; did you mean --port? (--help lists the options)',
    );
    expect(createAppHost).not.toHaveBeenCalled();
    error.mockRestore();
  });

  it("bug 240: names the flags it will not use, browser mode's included, and starts", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await start('--no-sandbox', '--port', '0', '--frobnicate');
    expect(warn.mock.calls).toEqual([
      ['tickdeck: --port is for browser mode (npm run web): the desktop app does not use it'],
      ['tickdeck: --frobnicate is not a Tickdeck option: passed on to Chromium'],
    ]);
    expect(createAppHost).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('says the warnings once: not again after npm start said them before its build (bug 263)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    process.env[WARNINGS_SAID_ENV] = '1';
    onTestFinished(() => void delete process.env[WARNINGS_SAID_ENV]);
    await start('--frobnicate');
    // Before: npm start said nothing before the build, and the app said it after.
    expect(warn).not.toHaveBeenCalled();
    expect(process.env[WARNINGS_SAID_ENV]).toBeUndefined();
    // Started without it, as the packaged app is, the app says them itself.
    windows.length = 0;
    await start('--frobnicate');
    expect(warn.mock.calls).toEqual([
      ['tickdeck: --frobnicate is not a Tickdeck option: passed on to Chromium'],
    ]);
    warn.mockRestore();
  });

  it("says a start the user's choices refuse in one line, without a stack, and exits 2", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    process.argv = ['electron', 'out/main/index.js', '--alert', 'kraken:BTC/USD above 5'];
    vi.resetModules();
    // The class the entry will load, after the reset.
    const { StartError } = await import('../host/host-api');
    const message = '--alert "kraken:BTC/USD above 5": no source is named "kraken"';
    createAppHost.mockRejectedValueOnce(new StartError(message));
    await import('./index');
    await vi.waitFor(() => expect(fakeApp.exit).toHaveBeenCalledWith(2));
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Tickdeck could not start', message);
    expect(error).toHaveBeenCalledWith(`tickdeck: ${message}`);
    error.mockRestore();
  });
});
