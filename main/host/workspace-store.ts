/**
 * The saved workspaces: one JSON file beside the settings file (`workspaces.json` for the default
 * `settings.json`, `b.json.workspaces.json` for `b.json`: ./settings-companions.ts) holding every
 * workspace and the name of the one in use, written atomically through the app's one write
 * queue per file. Every change is checked against the last saved state before anything is
 * written, and a refused one (a taken name, an unknown one) writes nothing. A corrupt file is
 * set aside, never deleted.
 */
import type { Notice } from '../../protocol/ipc';
import type { Workspace, WorkspaceSettings, WorkspacesView } from '../../protocol/workspace';
import { MAX_WORKSPACES, WORKSPACE_FILE_VERSION } from '../../protocol/workspace';
import type { WorkspaceList } from '../../protocol/workspace-file';
import { serialQueue } from '../../shared/serial-queue';
import { readWorkspaceList } from '../../protocol/workspace-file';
import { readJsonFile, setAside, writeJsonFileAtomic } from './json-file';

/** The saved workspaces, with persistence behind. */
export interface WorkspaceStore {
  view(): WorkspacesView;
  /** The named workspace; throws, listing the names there are, when there is none. */
  get(name: string): Workspace;
  /** Saves `settings` under `name` and makes it current; a taken name needs `replace`. */
  save(name: string, settings: WorkspaceSettings, replace: boolean): Promise<WorkspacesView>;
  /** Adds a workspace read from a file; a taken name is refused. */
  add(workspace: Workspace): Promise<WorkspacesView>;
  rename(from: string, to: string): Promise<WorkspacesView>;
  duplicate(from: string, to: string): Promise<WorkspacesView>;
  /** Deletes a workspace; deleting the current one leaves none current. */
  delete(name: string): Promise<WorkspacesView>;
  setCurrent(name: string): Promise<WorkspacesView>;
  /** Problems found while loading, for the user to read. */
  readonly notices: readonly Notice[];
}

function viewOf(list: WorkspaceList): WorkspacesView {
  return {
    names: list.workspaces.map((w) => w.name).sort((a, b) => a.localeCompare(b)),
    current: list.current,
  };
}

/** The error for a name that is not saved, listing those that are. */
export function unknownWorkspace(name: string, names: readonly string[]): Error {
  return new Error(
    `no workspace named "${name}"; ${names.length ? `saved: ${names.map((n) => `"${n}"`).join(', ')}` : 'none is saved yet'}`,
  );
}

/** Loads the workspaces from `path` (null: in memory only, e.g. tests). */
export async function openWorkspaceStore(path: string | null): Promise<WorkspaceStore> {
  const notices: Notice[] = [];
  let saved: WorkspaceList = { current: null, workspaces: [] };
  if (path !== null) {
    const read = await readJsonFile(path);
    // A FIFO or a device is neither read nor replaced (json-file.ts): each save is refused.
    if (read.kind === 'not-a-file')
      notices.push({
        level: 'error',
        message: `Workspaces file ${path} is not a regular file; no workspaces are loaded, and none is saved until it is one.`,
      });
    else if (read.kind === 'corrupt') {
      const aside = await setAside(path);
      notices.push({
        level: 'warning',
        message: `Workspaces file ${path} could not be read (${read.error}); no workspaces are loaded.${aside ? ` The old file was kept as ${aside}.` : ''}`,
      });
    } else if (read.kind === 'ok') {
      const { list, problems } = readWorkspaceList(read.value);
      saved = list;
      if (problems.length)
        notices.push({
          level: 'warning',
          message: `Some saved workspaces were invalid: ${problems.join('; ')}`,
        });
    }
  }
  // Changes run one at a time, each on the state the one before it saved (as settings do).
  const changes = serialQueue();

  const find = (list: WorkspaceList, name: string): Workspace => {
    const found = list.workspaces.find((w) => w.name === name);
    if (!found) throw unknownWorkspace(name, viewOf(list).names);
    return found;
  };
  const free = (list: WorkspaceList, name: string): void => {
    if (list.workspaces.some((w) => w.name === name))
      throw new Error(`a workspace named "${name}" already exists`);
    if (list.workspaces.length >= MAX_WORKSPACES)
      throw new Error(`at most ${MAX_WORKSPACES} workspaces; delete one first`);
  };

  const change = (next: (list: WorkspaceList) => WorkspaceList): Promise<WorkspacesView> =>
    changes(async () => {
      const list = next(saved);
      if (path !== null)
        await writeJsonFileAtomic(path, { version: WORKSPACE_FILE_VERSION, ...list });
      saved = list;
      return viewOf(saved);
    });

  return {
    notices,
    view: () => viewOf(saved),
    get: (name) => find(saved, name),
    save: (name, settings, replace) =>
      change((list) => {
        const others = list.workspaces.filter((w) => w.name !== name);
        if (!replace || others.length === list.workspaces.length) free(list, name);
        return { current: name, workspaces: [...others, { name, settings }] };
      }),
    add: (workspace) =>
      change((list) => {
        free(list, workspace.name);
        return { ...list, workspaces: [...list.workspaces, workspace] };
      }),
    rename: (from, to) =>
      change((list) => {
        const found = find(list, from);
        if (from === to) return list;
        free({ ...list, workspaces: list.workspaces.filter((w) => w !== found) }, to);
        return {
          current: list.current === from ? to : list.current,
          workspaces: list.workspaces.map((w) => (w === found ? { ...w, name: to } : w)),
        };
      }),
    duplicate: (from, to) =>
      change((list) => {
        const found = find(list, from);
        free(list, to);
        return { ...list, workspaces: [...list.workspaces, { ...found, name: to }] };
      }),
    delete: (name) =>
      change((list) => {
        const found = find(list, name);
        return {
          current: list.current === name ? null : list.current,
          workspaces: list.workspaces.filter((w) => w !== found),
        };
      }),
    setCurrent: (name) =>
      change((list) => {
        find(list, name);
        return { ...list, current: name };
      }),
  };
}
