/**
 * The desktop app's workspace files: main's own save and open dialogs, so the user, not the
 * page, picks the path. The file's text goes through the host's `workspace:export` and
 * `workspace:import`, the same checks the browser mode's download and upload take.
 */
import type { BrowserWindow, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { dialog } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { MAX_WORKSPACE_FILE_CHARS } from '../../protocol/workspace';
import type { WorkspaceImport } from '../../protocol/workspace';
import type { AppHost } from '../host/host';
import { writeTextFileAtomic } from '../host/json-file';
import type { CommandReply } from './ipc';

const FILTERS = [{ name: 'Tickdeck workspace', extensions: ['json'] }];

/** The `exportWorkspace` and `importWorkspace` of the IPC command target. */
export function workspaceDialogs(host: AppHost, parent: () => BrowserWindow | null) {
  const save = (options: SaveDialogOptions) => {
    const win = parent();
    return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
  };
  const open = (options: OpenDialogOptions) => {
    const win = parent();
    return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
  };
  return {
    async exportWorkspace(name: string): Promise<CommandReply<string | null>> {
      const text = await host.invoke('workspace:export', [name]);
      if (!text.ok) return text;
      const choice = await save({
        title: 'Export workspace',
        defaultPath: `${name}.tickdeck-workspace.json`,
        filters: FILTERS,
      });
      if (choice.canceled || !choice.filePath) return { ok: true, value: null };
      try {
        await writeTextFileAtomic(choice.filePath, text.value as string);
      } catch (err) {
        return {
          ok: false,
          error: `could not write ${choice.filePath}: ${(err as Error).message}`,
        };
      }
      return { ok: true, value: choice.filePath };
    },

    async importWorkspace(): Promise<CommandReply<WorkspaceImport | null>> {
      const choice = await open({
        title: 'Import workspace',
        properties: ['openFile'],
        filters: FILTERS,
      });
      const path = choice.filePaths[0];
      if (choice.canceled || !path) return { ok: true, value: null };
      let text: string;
      try {
        // Bounded before reading: a huge file picked by mistake is refused, not loaded; so is a
        // pipe or a device, whose size says nothing and whose read may never end.
        const info = await stat(path);
        if (!info.isFile())
          return { ok: false, error: `workspace not imported: ${path} is not a file` };
        if (info.size > MAX_WORKSPACE_FILE_CHARS * 4)
          return { ok: false, error: `workspace not imported: ${path} is too large` };
        text = await readFile(path, 'utf8');
      } catch (err) {
        return { ok: false, error: `workspace not imported: ${(err as Error).message}` };
      }
      return host.invoke('workspace:import', [text]) as Promise<CommandReply<WorkspaceImport>>;
    },
  };
}
