import type { MenuItemConstructorOptions } from 'electron';
import { Menu } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { installMenu, menuTemplate } from './menu';

const actions = { openRecording: vi.fn(), startRecording: vi.fn(), stopRecording: vi.fn() };

/** Each top-level menu as "Label: item, item" with roles for role items. */
function outline(template: MenuItemConstructorOptions[]): string[] {
  return template.map((menu) => {
    const items = (menu.submenu as MenuItemConstructorOptions[] | undefined) ?? [];
    const names = items.map((item) => item.label ?? item.role ?? item.type);
    return `${menu.label ?? menu.role}: ${names.join(', ')}`;
  });
}

describe('application menu', () => {
  it('has File, View and Help, with reload and DevTools in development', () => {
    expect(outline(menuTemplate({ isPackaged: false, platform: 'linux', actions }))).toEqual([
      'File: Open recording…, separator, Start recording, Stop recording, separator, quit',
      'View: zoomIn, zoomOut, resetZoom, separator, togglefullscreen, separator, reload, forceReload, toggleDevTools',
      'help: About Tickdeck',
    ]);
  });

  it('has no reload or DevTools in a packaged build', () => {
    const view = outline(menuTemplate({ isPackaged: true, platform: 'win32', actions }))[1];
    expect(view).toBe('View: zoomIn, zoomOut, resetZoom, separator, togglefullscreen');
  });

  it('leads with the app menu on macOS, where File closes the window instead of quitting', () => {
    const mac = menuTemplate({ isPackaged: true, platform: 'darwin', actions });
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(outline(mac)[1]).toMatch(/, close$/);
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
      vi.mocked(Menu.buildFromTemplate).mock.results[0]!.value,
    );
  });
});
