import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { BrowserWindow, ipcMain } from 'electron';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Fake from '../../test-support/electron-fake';
import type { CommandTarget, TrustedSender } from './ipc';
import { registerCommandHandlers, sendHostEvent } from './ipc';
import { COMMAND_CHANNELS } from '../../protocol/commands';
import { MAX_PAGE_COMMANDS_IN_FLIGHT } from '../host/command-handlers';
import { MAX_WAITING_COMMANDS } from './command-slots';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

const win = new BrowserWindow({}) as unknown as Fake.BrowserWindow;
const contents = win.webContents as unknown as WebContents;
/** A popped-out window's page: trusted like the main one while its window is open. */
const popout = new BrowserWindow({}) as unknown as Fake.BrowserWindow;
const popoutContents = popout.webContents as unknown as WebContents;
let popoutOpen = true;
const trusted: TrustedSender = {
  contents: () => [contents, ...(popoutOpen ? [popoutContents] : [])],
  isAppUrl: (url) => url.startsWith('app://tickdeck/'),
};
const CHART = { panel: 'chart', instrument: 'ACME' } as const;
const target = {
  invoke: vi.fn(async () => ({ ok: true as const, value: 'from host' })),
  chooseReplay: vi.fn(async () => ({ ok: true as const, value: null })),
  exportWorkspace: vi.fn(async (name: string) => ({ ok: true as const, value: `/tmp/${name}` })),
  importWorkspace: vi.fn(async () => ({ ok: true as const, value: null })),
  windows: {
    popOut: vi.fn(() => [CHART]),
    dock: vi.fn(() => []),
    panels: vi.fn(() => [CHART]),
  },
} satisfies CommandTarget;

function handlerFor(channel: string): Handler {
  const call = vi.mocked(ipcMain.handle).mock.calls.find(([c]) => c === channel);
  return call![1] as Handler;
}

/** An invoke event from a frame; defaults to our window's main frame showing our page. */
function eventFrom(over: { sender?: unknown; frame?: Partial<WebContents['mainFrame']> | null }) {
  const main = { ...contents.mainFrame, url: 'app://tickdeck/index.html' };
  const frame = over.frame === null ? null : { ...main, ...over.frame };
  return { sender: over.sender ?? contents, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

describe('registerCommandHandlers', () => {
  beforeEach(() => {
    vi.mocked(ipcMain.handle).mockClear();
    target.invoke.mockClear();
    registerCommandHandlers(target, trusted);
  });

  it('registers one handler per command channel', () => {
    expect(
      vi
        .mocked(ipcMain.handle)
        .mock.calls.map(([c]) => c)
        .sort(),
    ).toEqual([...COMMAND_CHANNELS].sort());
  });

  it('forwards a valid command from our main frame to the host', async () => {
    const reply = await handlerFor('settings:update')(eventFrom({}), { batchHz: 60 });
    expect(reply).toEqual({ ok: true, value: 'from host' });
    expect(target.invoke).toHaveBeenCalledWith('settings:update', [{ batchHz: 60 }]);
  });

  it.each([
    ['another webContents', { sender: { id: 999 } }],
    ['an iframe of our window', { frame: { frameToken: 'child-frame' } }],
    ['our frame showing a foreign page', { frame: { url: 'https://evil.example/' } }],
    ['a frame that is already gone', { frame: null }],
  ])('ignores commands from %s', async (_name, over) => {
    const reply = await handlerFor('recording:start')(eventFrom(over));
    expect(reply).toEqual({ ok: false, error: 'recording:start: refused, unknown sender' });
    expect(target.invoke).not.toHaveBeenCalled();
  });

  it('rejects invalid payloads before the host sees them', async () => {
    const reply = await handlerFor('replay:control')(eventFrom({}), { action: 'explode' });
    expect(reply).toEqual({
      ok: false,
      error: 'replay:control: control.action: unknown action "explode"',
    });
    const extra = await handlerFor('feed:disconnect')(eventFrom({}), 'surprise');
    expect(extra).toMatchObject({ ok: false });
    expect(target.invoke).not.toHaveBeenCalled();
  });

  it('runs the folder picker for replay:choose instead of the host', async () => {
    expect(await handlerFor('replay:choose')(eventFrom({}))).toEqual({ ok: true, value: null });
    expect(target.chooseReplay).toHaveBeenCalledTimes(1);
    expect(target.invoke).not.toHaveBeenCalled();
  });

  it("runs main's dialogs for the workspace file commands, after checking the name", async () => {
    expect(await handlerFor('workspace:export-choose')(eventFrom({}), 'Desk')).toEqual({
      ok: true,
      value: '/tmp/Desk',
    });
    expect(await handlerFor('workspace:export-choose')(eventFrom({}), '../x')).toMatchObject({
      ok: false,
    });
    expect(target.exportWorkspace).toHaveBeenCalledTimes(1);
    expect(await handlerFor('workspace:import-choose')(eventFrom({}))).toEqual({
      ok: true,
      value: null,
    });
    expect(target.importWorkspace).toHaveBeenCalledTimes(1);
    expect(target.invoke).not.toHaveBeenCalled();
  });

  it('accepts commands from a pop-out window’s page, and not once that window is gone', async () => {
    const main = { ...popoutContents.mainFrame, url: 'app://tickdeck/index.html#panel=sports' };
    const event = { sender: popoutContents, senderFrame: main } as unknown as IpcMainInvokeEvent;
    expect(await handlerFor('alerts:get')(event)).toEqual({ ok: true, value: 'from host' });
    popoutOpen = false;
    try {
      expect(await handlerFor('alerts:get')(event)).toEqual({
        ok: false,
        error: 'alerts:get: refused, unknown sender',
      });
    } finally {
      popoutOpen = true;
    }
  });

  it("runs a window's commands a bounded number at a time, so another window's are not queued behind a flood", async () => {
    const held: (() => void)[] = [];
    const reply = { ok: true as const, value: 'from host' };
    // The main window's settings updates hang until released; anything else answers at once.
    target.invoke.mockImplementation(
      ((channel: string) =>
        new Promise<typeof reply>((resolve) => {
          if (channel === 'settings:update') held.push(() => resolve(reply));
          else resolve(reply);
        })) as never,
    );
    try {
      const flood = Array.from({ length: MAX_PAGE_COMMANDS_IN_FLIGHT + 20 }, () =>
        handlerFor('settings:update')(eventFrom({}), { batchHz: 60 }),
      );
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(held).toHaveLength(MAX_PAGE_COMMANDS_IN_FLIGHT);
      // The pop-out's command reaches the host while the main window's 20 others wait.
      const main = { ...popoutContents.mainFrame, url: 'app://tickdeck/index.html#panel=alerts' };
      const event = { sender: popoutContents, senderFrame: main } as unknown as IpcMainInvokeEvent;
      expect(await handlerFor('alerts:get')(event)).toEqual({ ok: true, value: 'from host' });
      while (held.length > 0) {
        held.splice(0).forEach((release) => release());
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      expect(await Promise.all(flood)).toEqual(flood.map(() => ({ ok: true, value: 'from host' })));
      expect(target.invoke).toHaveBeenCalledTimes(MAX_PAGE_COMMANDS_IN_FLIGHT + 21);
    } finally {
      target.invoke.mockImplementation(async () => ({ ok: true as const, value: 'from host' }));
    }
  });

  it("refuses a window's commands past the ones it may hold back, and answers the rest", async () => {
    const held: (() => void)[] = [];
    target.invoke.mockImplementation(
      () =>
        new Promise((resolve) =>
          held.push(() => resolve({ ok: true as const, value: 'from host' })),
        ),
    );
    try {
      const sent = Array.from(
        { length: MAX_PAGE_COMMANDS_IN_FLIGHT + MAX_WAITING_COMMANDS + 1 },
        () => handlerFor('alerts:get')(eventFrom({})),
      );
      expect(await sent.at(-1)).toEqual({
        ok: false,
        error: `alerts:get: too many commands waiting (${MAX_WAITING_COMMANDS})`,
      });
      while (held.length > 0) {
        held.splice(0).forEach((release) => release());
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const replies = await Promise.all(sent.slice(0, -1));
      expect(replies.every((r) => (r as { ok: boolean }).ok)).toBe(true);
    } finally {
      target.invoke.mockImplementation(async () => ({ ok: true as const, value: 'from host' }));
    }
  });

  it('sends window:* to the pop-out windows, with the panel checked, not to the host', async () => {
    expect(await handlerFor('window:popout')(eventFrom({}), CHART)).toEqual({
      ok: true,
      value: [CHART],
    });
    expect(target.windows.popOut).toHaveBeenCalledWith(CHART);
    expect(await handlerFor('window:dock')(eventFrom({}), CHART)).toEqual({ ok: true, value: [] });
    expect(target.windows.dock).toHaveBeenCalledWith(CHART);
    expect(await handlerFor('window:list')(eventFrom({}))).toEqual({ ok: true, value: [CHART] });
    expect(await handlerFor('window:popout')(eventFrom({}), { panel: 'depth' })).toMatchObject({
      ok: false,
      error: /^window:popout: panel: expected one of/,
    });
    target.windows.popOut.mockImplementationOnce(() => {
      throw new Error('at most 16 pop-out windows; dock one first');
    });
    expect(await handlerFor('window:popout')(eventFrom({}), CHART)).toEqual({
      ok: false,
      error: 'window:popout: at most 16 pop-out windows; dock one first',
    });
    // Browser mode's tab list: the page may not write where windows reopen.
    const tab = { panel: CHART, bounds: { x: 0, y: 0, width: 700, height: 400 }, displayId: null };
    expect(await handlerFor('window:tabs')(eventFrom({}), [tab])).toEqual({
      ok: false,
      error: 'window:tabs: the desktop app saves its windows itself',
    });
    expect(target.invoke).not.toHaveBeenCalled();
  });

  it('turns a throwing host into an error reply', async () => {
    target.invoke.mockRejectedValueOnce(new Error('disk full'));
    const reply = await handlerFor('recording:start')(eventFrom({}));
    expect(reply).toEqual({ ok: false, error: 'recording:start: disk full' });
  });
});

describe('sendHostEvent', () => {
  it('sends to a live page and skips a destroyed one', () => {
    const notice = { level: 'error', message: 'x' } as const;
    sendHostEvent(contents, 'app:notice', notice);
    expect(win.webContents.send).toHaveBeenCalledWith('app:notice', notice);
    win.webContents.isDestroyed.mockReturnValueOnce(true);
    sendHostEvent(contents, 'app:notice', notice);
    expect(win.webContents.send).toHaveBeenCalledTimes(1);
  });
});

describe('raw IPC stays in the glue', () => {
  const root = join(import.meta.dirname, '../..');
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory())
        return ['node_modules', 'out', 'dist', '.git'].includes(entry.name) ? [] : sources(path);
      return /\.(ts|js|svelte)$/.test(entry.name) && !/\.(test|spec)\.ts$/.test(entry.name)
        ? [path]
        : [];
    });
  }

  it('uses ipcMain only in main/electron/ipc.ts and ipcRenderer only in main/electron/preload.ts', () => {
    const offenders = sources(root).flatMap((path) => {
      const file = relative(root, path).split(sep).join('/');
      // Comments may name them; code may not.
      const code = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      return [
        /\bipcMain\b/.test(code) &&
        !['main/electron/ipc.ts', 'test-support/electron-fake.ts'].includes(file)
          ? `${file}: ipcMain`
          : [],
        /\bipcRenderer\b/.test(code) &&
        !['main/electron/preload.ts', 'test-support/electron-fake.ts'].includes(file)
          ? `${file}: ipcRenderer`
          : [],
      ].flat();
    });
    expect(offenders).toEqual([]);
  });
});
