/**
 * The workspace menu's state and what it asks of the host: the list, and save, rename,
 * duplicate, delete, switch, import and export. A refused request becomes `error`, shown in
 * the menu; nothing the host refused changes here.
 */
import type { Settings, TickdeckApi } from '../../../protocol/ipc';
import type { WorkspaceImport, WorkspacesView } from '../../../protocol/workspace';
import { MAX_WORKSPACE_FILE_CHARS } from '../../../protocol/workspace';

/** What happens when a workspace's settings come into use (a switch). */
export type ApplySettings = (settings: Settings) => void;

export class WorkspacesState {
  view = $state.raw<WorkspacesView>({ names: [], current: null });
  /** The last request's refusal, for the user to read. */
  error = $state.raw<string | null>(null);
  /** The last request's outcome when it is worth saying (an import's fallbacks, a file saved). */
  message = $state.raw<string | null>(null);
  /** Desktop imports and exports through main's dialogs; the browser mode through the page. */
  readonly host: TickdeckApi['host'];
  readonly #api: TickdeckApi;
  readonly #apply: ApplySettings;

  constructor(api: TickdeckApi, apply: ApplySettings) {
    this.#api = api;
    this.#apply = apply;
    this.host = api.host;
  }

  load = () => this.#run(this.#api.invoke('workspace:list'));
  /** Saves what is on screen as `name`; `replace` overwrites it (Save onto the current one). */
  save = (name: string, replace: boolean) =>
    this.#run(
      this.#api.invoke('workspace:save', name, replace),
      replace ? `Saved "${name}".` : null,
    );
  rename = (from: string, to: string) => this.#run(this.#api.invoke('workspace:rename', from, to));
  duplicate = (from: string, to: string) =>
    this.#run(this.#api.invoke('workspace:duplicate', from, to));
  remove = (name: string) => this.#run(this.#api.invoke('workspace:delete', name));

  switchTo = (name: string) =>
    this.#run(
      this.#api.invoke('workspace:switch', name).then((switched) => {
        this.#apply(switched.settings);
        return switched.workspaces;
      }),
    );

  /** Desktop: main's save dialog. Browser: the file's text offered as a download. */
  exportFile = (name: string) => {
    if (this.host === 'desktop') {
      return this.#run(
        this.#api.invoke('workspace:export-choose', name).then((path) => {
          if (path !== null) this.message = `Exported "${name}" to ${path}.`;
          return this.view;
        }),
      );
    }
    return this.#run(
      this.#api.invoke('workspace:export', name).then((text) => {
        download(`${name}.tickdeck-workspace.json`, text);
        return this.view;
      }),
    );
  };

  /** Desktop: main's open dialog. */
  importChosen = () =>
    this.#run(
      this.#api
        .invoke('workspace:import-choose')
        .then((imported) => (imported === null ? this.view : this.#imported(imported))),
    );

  /** Browser: a file picked in the page. Bounded here too, so a huge file is never sent. */
  importFile = (file: File) => {
    if (file.size > MAX_WORKSPACE_FILE_CHARS * 4) {
      this.error = `workspace not imported: ${file.name} is too large`;
      return Promise.resolve();
    }
    return this.#run(
      file
        .text()
        .then((text) => this.#api.invoke('workspace:import', text))
        .then((imported) => this.#imported(imported)),
    );
  };

  #imported(imported: WorkspaceImport): WorkspacesView {
    this.message = imported.problems.length
      ? `Imported "${imported.name}"; some fields fell back to defaults: ${imported.problems.join('; ')}`
      : `Imported "${imported.name}".`;
    return imported.workspaces;
  }

  #run(request: Promise<WorkspacesView>, done: string | null = null): Promise<void> {
    this.error = null;
    this.message = null;
    return request.then(
      (view) => {
        this.view = view;
        if (done !== null) this.message = done;
      },
      (e: unknown) => {
        this.error = e instanceof Error ? e.message : String(e);
      },
    );
  }
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
