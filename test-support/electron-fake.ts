// An in-memory stand-in for the `electron` module, loaded by vitest.setup.electron.ts for every
// test that imports `electron` (the real binary cannot run under Vitest). Only what the glue
// uses is faked; every method is a vi.fn so tests read what the glue did with it.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

let nextWebContentsId = 1;

class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame = { processId: 7, frameToken: `frame-${this.id}`, url: '', parent: null };
  readonly setWindowOpenHandler = vi.fn();
  readonly loadURL = vi.fn(async (url: string) => {
    this.mainFrame.url = url;
  });
  readonly send = vi.fn();
  readonly postMessage = vi.fn();
  readonly isDestroyed = vi.fn(() => false);
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly maximize = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  readonly isMaximized = vi.fn(() => false);
  readonly isDestroyed = vi.fn(() => false);
  readonly getNormalBounds = vi.fn(() => ({ x: 10, y: 20, width: 1200, height: 800 }));
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
}

class FakePort extends EventEmitter {
  readonly postMessage = vi.fn();
  readonly start = vi.fn();
  readonly close = vi.fn();
}

export class MessageChannelMain {
  static readonly instances: MessageChannelMain[] = [];
  readonly port1 = new FakePort();
  readonly port2 = new FakePort();
  constructor() {
    MessageChannelMain.instances.push(this);
  }
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn(), onBeforeRequest: vi.fn() },
    protocol: { handle: vi.fn() },
  },
};

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  getName: vi.fn(() => 'Tickdeck'),
  getVersion: vi.fn(() => '0.1.0'),
  getPath: vi.fn(() => '/tmp/tickdeck-user-data'),
  quit: vi.fn(),
  exit: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  whenReady: vi.fn(async () => undefined),
  setAboutPanelOptions: vi.fn(),
});

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn(),
};
export const dialog = { showOpenDialog: vi.fn(), showErrorBox: vi.fn() };
export const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
export const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
export const contextBridge = { exposeInMainWorld: vi.fn(), executeInMainWorld: vi.fn() };
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const screen = {
  getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]),
};
export const webUtils = { getPathForFile: vi.fn() };
