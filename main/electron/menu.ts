/**
 * The application menu. Reload and DevTools exist only in development: a packaged build has no
 * way to open DevTools (webPreferences.devTools is off there too).
 */
import type { MenuItemConstructorOptions } from 'electron';
import { Menu } from 'electron';

/** What the menu's own items do; main/electron/index.ts wires them to the host and the dialogs. */
export interface MenuActions {
  openRecording(): void;
  startRecording(): void;
  stopRecording(): void;
}

export function menuTemplate(opts: {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const { actions } = opts;
  const mac = opts.platform === 'darwin';
  const development: MenuItemConstructorOptions[] = opts.isPackaged
    ? []
    : [
        { type: 'separator' },
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
      ];
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'Open recording…',
          accelerator: 'CmdOrCtrl+O',
          click: () => actions.openRecording(),
        },
        { type: 'separator' },
        {
          label: 'Start recording',
          accelerator: 'CmdOrCtrl+Shift+R',
          click: () => actions.startRecording(),
        },
        {
          label: 'Stop recording',
          accelerator: 'CmdOrCtrl+Shift+S',
          click: () => actions.stopRecording(),
        },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...development,
      ],
    },
    { role: 'help', submenu: [{ role: 'about', label: 'About Tickdeck' }] },
  ];
}

export function installMenu(opts: Parameters<typeof menuTemplate>[0]): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(opts)));
}
