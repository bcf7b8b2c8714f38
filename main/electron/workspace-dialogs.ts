/**
 * The desktop app's workspace files: main's own save and open dialogs, so the user, not the
 * page, picks the path. The file's text goes through the host's `workspace:export` and
 * `workspace:import`, the same checks the browser mode's download and upload take.
 */
import type { BrowserWindow, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { dialog } from 'electron';
import { constants } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { MAX_WORKSPACE_FILE_CHARS } from '../../protocol/workspace';
import type { WorkspaceImport } from '../../protocol/workspace';
import type { AppHost } from '../host/host';
import { writeTextFileAtomic } from '../host/json-file';
import type { CommandReply } from './ipc';

const FILTERS = [{ name: 'Tickdeck workspace', extensions: ['json'] }];

/**
 * The text of the regular file at `path`, or null past `maxBytes`. Checked and read through one
 * handle, up to the bound whatever size the file states: a pipe or a device is refused before
 * any read (opened without blocking, as a pipe nobody writes to would wait forever), a file
 * changed between a check and a read cannot slip past, and a special file that states 0 bytes
 * (`/proc/<pid>/pagemap` reads on for terabytes) is cut at the bound.
 */
async function readBounded(path: string, maxBytes: number): Promise<string | null> {
  // O_NONBLOCK is undefined on Windows, which has no FIFOs of this kind.
  const file = await openFile(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await file.stat();
    if (!info.isFile()) throw new Error(`${path} is not a file`);
    if (info.size > maxBytes) return null;
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
      length += bytesRead;
      if (bytesRead === 0 || length === buffer.length) break;
    }
    return length > maxBytes ? null : buffer.toString('utf8', 0, length);
  } finally {
    await file.close();
  }
}

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
      let text: string | null;
      try {
        text = await readBounded(path, MAX_WORKSPACE_FILE_CHARS * 4);
      } catch (err) {
        return { ok: false, error: `workspace not imported: ${(err as Error).message}` };
      }
      if (text === null)
        return { ok: false, error: `workspace not imported: ${path} is too large` };
      return host.invoke('workspace:import', [text]) as Promise<CommandReply<WorkspaceImport>>;
    },
  };
}
