import type { ContextMenuParams, MenuItemConstructorOptions } from 'electron';
import { BrowserWindow, Menu } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type * as Fake from '../../test-support/electron-fake';
import { contextMenuTemplate, installContextMenu, installMenu, menuTemplate } from './menu';

const actions = { openRecording: vi.fn(), startRecording: vi.fn(), stopRecording: vi.fn() };
const PLATFORMS = ['darwin', 'win32', 'linux'] as const;

/** Each top-level menu as "Label: item, item" with roles for role items. */
function outline(template: MenuItemConstructorOptions[]): string[] {
  return template.map((menu) => {
    const items = (menu.submenu as MenuItemConstructorOptions[] | undefined) ?? [];
    const names = items.map((item) => item.label ?? item.role ?? item.type);
    return `${menu.label ?? menu.role}${items.length ? `: ${names.join(', ')}` : ''}`;
  });
}

/**
 * The accelerators Electron 45 gives role items, and the submenus of the menu roles, per
 * platform: lib/browser/api/menu-item-roles.ts in electron/electron (`roleList`). A role item's
 * shortcut never appears in our template, so the duplicate scan must know them.
 */
function roleDefaults(platform: NodeJS.Platform) {
  const mac = platform === 'darwin';
  const win = platform === 'win32';
  const accelerators: Record<string, string | undefined> = {
    close: 'CmdOrCtrl+W',
    copy: 'CmdOrCtrl+C',
    cut: 'CmdOrCtrl+X',
    paste: 'CmdOrCtrl+V',
    pasteandmatchstyle: mac ? 'Cmd+Option+Shift+V' : 'Shift+CmdOrCtrl+V',
    selectall: 'CmdOrCtrl+A',
    undo: 'CmdOrCtrl+Z',
    redo: win ? 'Control+Y' : 'Shift+CmdOrCtrl+Z',
    forcereload: 'Shift+CmdOrCtrl+R',
    reload: 'CmdOrCtrl+R',
    toggledevtools: mac ? 'Alt+Command+I' : 'Ctrl+Shift+I',
    togglefullscreen: mac ? 'Control+Command+F' : 'F11',
    resetzoom: 'CmdOrCtrl+0',
    zoomin: 'CmdOrCtrl+Plus',
    zoomout: 'CmdOrCtrl+-',
    minimize: 'CmdOrCtrl+M',
    quit: win ? undefined : 'CmdOrCtrl+Q',
    hide: 'Command+H',
    hideothers: 'Command+Alt+H',
  };
  const submenus: Record<string, MenuItemConstructorOptions[]> = {
    appmenu: [
      { role: 'about' },
      { role: 'services' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { role: 'quit' },
    ],
    editmenu: [
      { role: 'undo' },
      { role: 'redo' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { role: 'selectAll' },
    ],
    windowmenu: [
      { role: 'minimize' },
      { role: 'zoom' },
      mac ? { role: 'front' } : { role: 'close' },
    ],
  };
  return { accelerators, submenus };
}

/** One spelling per shortcut: "CmdOrCtrl+Shift+R" and "Shift+Control+R" are the same on Linux. */
function normalise(accelerator: string, platform: NodeJS.Platform): string {
  const parts = accelerator.split('+').map((part) => {
    const p = part.toLowerCase();
    if (p === 'cmdorctrl' || p === 'commandorcontrol')
      return platform === 'darwin' ? 'cmd' : 'ctrl';
    if (p === 'command') return 'cmd';
    if (p === 'control') return 'ctrl';
    if (p === 'option') return 'alt';
    return p;
  });
  const key = parts.pop()!;
  return [...parts.sort(), key].join('+');
}

/** Every "label → shortcut" of the menu, role defaults and role submenus included. */
function accelerators(template: MenuItemConstructorOptions[], platform: NodeJS.Platform) {
  const defaults = roleDefaults(platform);
  const found: Array<{ item: string; shortcut: string }> = [];
  const walk = (items: MenuItemConstructorOptions[]) => {
    for (const item of items) {
      const role = item.role?.toLowerCase();
      const accelerator =
        (item.accelerator as string | undefined) ?? (role && defaults.accelerators[role]);
      const name = item.label ?? item.role ?? '?';
      if (accelerator) found.push({ item: name, shortcut: normalise(accelerator, platform) });
      const submenu =
        (item.submenu as MenuItemConstructorOptions[] | undefined) ??
        (role ? defaults.submenus[role] : undefined);
      if (submenu) walk(submenu);
    }
  };
  walk(template);
  return found;
}

describe('application menu', () => {
  it('has File, Edit, View, Window and Help, with reload and DevTools in development', () => {
    expect(outline(menuTemplate({ isPackaged: false, platform: 'linux', actions }))).toEqual([
      'File: Open recording…, separator, Start recording, Stop recording, separator, quit',
      'editMenu',
      'View: zoomIn, zoomOut, resetZoom, separator, togglefullscreen, separator, reload, forceReload, toggleDevTools',
      'windowMenu',
      'help: About Tickdeck',
    ]);
  });

  it('has no reload or DevTools in a packaged build', () => {
    const view = outline(menuTemplate({ isPackaged: true, platform: 'win32', actions }))[2];
    expect(view).toBe('View: zoomIn, zoomOut, resetZoom, separator, togglefullscreen');
  });

  it('leads with the app menu on macOS, where File closes the window instead of quitting', () => {
    const mac = menuTemplate({ isPackaged: true, platform: 'darwin', actions });
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(outline(mac)[1]).toMatch(/, close$/);
  });

  it('has the Edit and Window menu roles on macOS, so ⌘C/⌘V/⌘X/⌘A/⌘Z and ⌘M work', () => {
    for (const isPackaged of [true, false]) {
      const roles = menuTemplate({ isPackaged, platform: 'darwin', actions }).map((m) => m.role);
      expect(roles).toContain('editMenu');
      expect(roles).toContain('windowMenu');
    }
    const shortcuts = accelerators(
      menuTemplate({ isPackaged: true, platform: 'darwin', actions }),
      'darwin',
    ).map((a) => a.shortcut);
    expect(shortcuts).toEqual(
      expect.arrayContaining(['cmd+c', 'cmd+v', 'cmd+x', 'cmd+a', 'cmd+z', 'cmd+m']),
    );
  });

  it('gives no two items the same shortcut, on any platform, packaged or not', () => {
    for (const platform of PLATFORMS) {
      for (const isPackaged of [true, false]) {
        const all = accelerators(menuTemplate({ isPackaged, platform, actions }), platform);
        const owners = new Map<string, string[]>();
        for (const { item, shortcut } of all) {
          owners.set(shortcut, [...(owners.get(shortcut) ?? []), item]);
        }
        const clashes = [...owners].filter(([, items]) => items.length > 1);
        expect(clashes, `${platform}${isPackaged ? ' packaged' : ''}`).toEqual([]);
      }
    }
  });

  it('keeps Ctrl/Cmd+Shift+R for starting a recording', () => {
    const all = accelerators(
      menuTemplate({ isPackaged: false, platform: 'linux', actions }),
      'linux',
    );
    expect(all.find((a) => a.shortcut === 'ctrl+shift+r')?.item).toBe('Start recording');
  });

  it('runs the actions for its own items', () => {
    const file = menuTemplate({ isPackaged: true, platform: 'linux', actions })[0]!;
    for (const item of file.submenu as MenuItemConstructorOptions[]) {
      item.click?.(undefined as never, undefined, undefined as never);
    }
    expect(actions.openRecording).toHaveBeenCalledTimes(1);
    expect(actions.startRecording).toHaveBeenCalledTimes(1);
    expect(actions.stopRecording).toHaveBeenCalledTimes(1);
  });

  it('installs the built menu as the application menu', () => {
    installMenu({ isPackaged: true, platform: 'linux', actions });
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith(
      vi.mocked(Menu.buildFromTemplate).mock.results.at(-1)!.value,
    );
  });
});

describe('context menu', () => {
  const flags = {
    canUndo: true,
    canRedo: true,
    canCut: true,
    canCopy: true,
    canPaste: true,
    canDelete: true,
    canSelectAll: true,
    canEditRichly: false,
  };
  const params = (over: Partial<ContextMenuParams>) =>
    ({ isEditable: false, selectionText: '', editFlags: flags, ...over }) as ContextMenuParams;

  it('offers cut, copy, paste and select all in a text field, on every OS', () => {
    const win = new BrowserWindow({}) as unknown as Fake.BrowserWindow;
    installContextMenu(win as never);
    win.webContents.emit('context-menu', {}, params({ isEditable: true }));
    const built = vi.mocked(Menu.buildFromTemplate).mock.results.at(-1)!.value as {
      template: MenuItemConstructorOptions[];
      popup: ReturnType<typeof vi.fn>;
    };
    expect(built.template.map((item) => item.role ?? item.type)).toEqual([
      'cut',
      'copy',
      'paste',
      'separator',
      'selectAll',
    ]);
    expect(built.popup).toHaveBeenCalledWith({ window: win });
  });

  it('disables what the field cannot do, offers copy on selected text and nothing elsewhere', () => {
    const empty = contextMenuTemplate(
      params({ isEditable: true, editFlags: { ...flags, canCut: false, canCopy: false } }),
    );
    expect(empty.filter((item) => item.enabled === false).map((item) => item.role)).toEqual([
      'cut',
      'copy',
    ]);
    expect(contextMenuTemplate(params({ selectionText: 'ACME' }))).toEqual([
      { role: 'copy', enabled: true },
    ]);
    const win = new BrowserWindow({}) as unknown as Fake.BrowserWindow;
    installContextMenu(win as never);
    const before = vi.mocked(Menu.buildFromTemplate).mock.calls.length;
    win.webContents.emit('context-menu', {}, params({}));
    expect(vi.mocked(Menu.buildFromTemplate).mock.calls.length).toBe(before);
  });
});
