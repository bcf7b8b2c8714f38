/**
 * The application menu and the text-field context menu. Reload and DevTools exist only in
 * development: a packaged build has no way to open DevTools (webPreferences.devTools is off there
 * too). On macOS the clipboard and undo shortcuts (⌘C, ⌘V, ⌘X, ⌘A, ⌘Z) and ⌘M work only through
 * menu roles, so the Edit and Window menus are not optional there.
 */
import type { BrowserWindow, ContextMenuParams, MenuItemConstructorOptions } from 'electron';
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
        // The role's own Shift+CmdOrCtrl+R belongs to "Start recording"; Shift+F5 is the other
        // hard-reload key browsers know.
        { role: 'forceReload', accelerator: 'Shift+F5' },
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
    { role: 'editMenu' },
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
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about', label: 'About Tickdeck' }] },
  ];
}

export function installMenu(opts: Parameters<typeof menuTemplate>[0]): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(opts)));
}

/**
 * The right-click menu: cut/copy/paste/select all in a text field (each enabled as the page
 * says it can), copy on selected text elsewhere, nothing otherwise. Chromium shows no context
 * menu of its own in Electron, so without this a text field has none on any OS.
 */
export function contextMenuTemplate(
  params: Pick<ContextMenuParams, 'isEditable' | 'selectionText' | 'editFlags'>,
): MenuItemConstructorOptions[] {
  const flags = params.editFlags;
  if (params.isEditable) {
    return [
      { role: 'cut', enabled: flags.canCut },
      { role: 'copy', enabled: flags.canCopy },
      { role: 'paste', enabled: flags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', enabled: flags.canSelectAll },
    ];
  }
  return params.selectionText.trim() ? [{ role: 'copy', enabled: flags.canCopy }] : [];
}

/** Shows {@link contextMenuTemplate} on right-click in the window's page. */
export function installContextMenu(win: BrowserWindow): void {
  win.webContents.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(params);
    if (template.length > 0) Menu.buildFromTemplate(template).popup({ window: win });
  });
}
