/**
 * The host's workspace commands: save, rename, duplicate, delete, switch, and a workspace's
 * file, exported or imported. Switching puts the workspace's settings in use the way the
 * page's own changes go (the caller's `apply`), in the live sources' queue (`switchTo`).
 */
import { parseWorkspaceFile, workspaceFileText } from '../../protocol/workspace-file';
import { workspaceSettingsOf, type WorkspaceSettings } from '../../protocol/workspace';
import type { Handlers } from './command-handlers';
import type { SettingsStore } from './settings-store';
import type { WorkspaceStore } from './workspace-store';

type WorkspaceChannel =
  | 'workspace:list'
  | 'workspace:save'
  | 'workspace:rename'
  | 'workspace:duplicate'
  | 'workspace:delete'
  | 'workspace:switch'
  | 'workspace:export'
  | 'workspace:import'
  | 'workspace:export-choose'
  | 'workspace:import-choose';

/**
 * Runs `apply` (the workspace's settings put in use) and `done` in the queue every change of
 * the live sources takes: a switch reconnects when the sources differ from those in use when
 * it began, so two switches at once (two pages, a double click), or a switch and the Source
 * picker, left the settings of one and the sources of the other in use.
 */
export type SwitchTo = <T>(apply: () => Promise<unknown>, done: () => Promise<T>) => Promise<T>;

export function workspaceHandlers(
  workspaces: WorkspaceStore,
  settings: SettingsStore,
  apply: (next: WorkspaceSettings) => Promise<unknown>,
  switchTo: SwitchTo,
): Handlers<WorkspaceChannel> {
  return {
    'workspace:list': () => workspaces.view(),
    'workspace:save': (name, replace) =>
      workspaces.save(name, workspaceSettingsOf(settings.current()), replace),
    'workspace:rename': (from, to) => workspaces.rename(from, to),
    'workspace:duplicate': (from, to) => workspaces.duplicate(from, to),
    'workspace:delete': (name) => workspaces.delete(name),
    'workspace:switch': (name) =>
      switchTo(
        () => apply(workspaces.get(name).settings),
        async () => ({
          settings: settings.current(),
          workspaces: await workspaces.setCurrent(name),
        }),
      ),
    'workspace:export': (name) => workspaceFileText(workspaces.get(name)),
    // Refused whole, writing nothing, when the file is unreadable.
    'workspace:import': async (text) => {
      const parsed = parseWorkspaceFile(text);
      if (!parsed.ok) throw new Error(`workspace not imported: ${parsed.error}`);
      const { workspace, problems } = parsed.value;
      const list = await workspaces.add(workspace).catch((err: unknown) => {
        throw new Error(`workspace not imported: ${(err as Error).message}`, { cause: err });
      });
      return { name: workspace.name, problems, workspaces: list };
    },
    'workspace:export-choose': () => {
      throw new Error('a save dialog needs the desktop app; in browser mode use Export');
    },
    'workspace:import-choose': () => {
      throw new Error('an open dialog needs the desktop app; in browser mode use Import');
    },
  };
}
