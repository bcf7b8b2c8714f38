// An in-memory stand-in for the `electron` module, loaded by vitest.setup.electron.ts for every
// test that imports `electron` (the real binary cannot run under Vitest). Only what the glue
// uses is faked; every method is a vi.fn so tests read what the glue did with it. Where Electron
// is strict, the fake is too: what crosses a MessagePort or `webContents.postMessage` is
// structured-cloned, and `executeInMainWorld` runs the function's source text in a fresh world
// with a page's globals only, so code that works here cannot fail there for those reasons.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import { createPageWorld, pageWorlds, runInPageWorld, type MainWorldScript } from './page-world';

let nextWebContentsId = 1;

class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame = { processId: 7, frameToken: `frame-${this.id}`, url: '', parent: null };
  readonly setWindowOpenHandler = vi.fn();
  readonly loadURL = vi.fn(async (url: string) => {
    this.mainFrame.url = url;
  });
  readonly reload = vi.fn();
  readonly send = vi.fn();
  /** Like Electron, clones the message (throws DataCloneError) and transfers the ports. */
  readonly postMessage = vi.fn((_channel: string, message: unknown, _transfer?: unknown[]) => {
    structuredClone(message);
  });
  readonly isDestroyed = vi.fn(() => false);
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly maximize = vi.fn();
  readonly unmaximize = vi.fn();
  readonly setBounds = vi.fn();
  readonly setMinimumSize = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  readonly isMaximized = vi.fn(() => false);
  private destroyed = false;
  readonly isDestroyed = vi.fn(() => this.destroyed);
  readonly getNormalBounds = vi.fn(() => ({ x: 10, y: 20, width: 1200, height: 800 }));
  /** Like Electron's: 'close', then the window is destroyed and 'closed' follows. */
  readonly close = vi.fn(() => {
    if (this.destroyed) return;
    this.emit('close', { preventDefault: () => undefined });
    this.destroyed = true;
    this.emit('closed');
  });
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
}

/**
 * One end of a MessageChannelMain. Messages are structured-cloned when posted (so a batch
 * holding a function or a class Electron cannot serialise throws here too) and reach the
 * other end as `{ data, ports }`, asynchronously, once that end has been started.
 */
class FakePort extends EventEmitter {
  other: FakePort | null = null;
  private started = false;
  private closed = false;
  private readonly queued: unknown[] = [];
  readonly postMessage = vi.fn((message: unknown) => {
    const data = structuredClone(message);
    if (this.closed || !this.other) return;
    this.other.receive(data);
  });
  readonly start = vi.fn(() => {
    this.started = true;
    for (const data of this.queued.splice(0)) this.receive(data);
  });
  readonly close = vi.fn(() => {
    this.closed = true;
  });
  private receive(data: unknown): void {
    if (this.closed) return;
    if (!this.started) this.queued.push(data);
    else queueMicrotask(() => this.emit('message', { data, ports: [] }));
  }
}

export class MessageChannelMain {
  static readonly instances: MessageChannelMain[] = [];
  readonly port1 = new FakePort();
  readonly port2 = new FakePort();
  constructor() {
    this.port1.other = this.port2;
    this.port2.other = this.port1;
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
  setAppUserModelId: vi.fn(),
});

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template, popup: vi.fn() })),
  setApplicationMenu: vi.fn(),
};
export const dialog = {
  showOpenDialog: vi.fn(),
  showSaveDialog: vi.fn(),
  showErrorBox: vi.fn(),
  showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })),
};
export const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
export const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
export const contextBridge = {
  exposeInMainWorld: vi.fn(),
  executeInMainWorld: vi.fn((script: MainWorldScript) => {
    const world = createPageWorld();
    pageWorlds.push(world);
    return runInPageWorld(world, script);
  }),
};
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
const DISPLAY = { id: 1, scaleFactor: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
export const screen = {
  getAllDisplays: vi.fn(() => [DISPLAY]),
  getPrimaryDisplay: vi.fn(() => DISPLAY),
  /** The display most of `bounds` is on: here the first whose work area holds its centre. */
  getDisplayMatching: vi.fn((bounds: { x: number; y: number; width: number; height: number }) => {
    const cx = bounds.x + bounds.width / 2;
    const cy = bounds.y + bounds.height / 2;
    const displays = screen.getAllDisplays();
    return (
      displays.find(
        ({ workArea: a }) => cx >= a.x && cx < a.x + a.width && cy >= a.y && cy < a.y + a.height,
      ) ?? screen.getPrimaryDisplay()
    );
  }),
};
export const webUtils = { getPathForFile: vi.fn() };

/** Electron's `Notification`: records what was shown; `click()` plays the user's click. */
export class Notification extends EventEmitter {
  static readonly shown: Notification[] = [];
  static readonly isSupported = vi.fn(() => true);
  constructor(readonly options: { title?: string; body?: string }) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
  }
  click(): void {
    this.emit('click', { preventDefault: () => undefined });
  }
}
