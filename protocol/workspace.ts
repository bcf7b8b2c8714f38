/**
 * Workspaces: named snapshots of the layout-and-content settings plus the alert rules. Their
 * shape and name rules are declared here once; reading one from a file is in
 * `./workspace-file`, storing them is the host's.
 */
import type { Settings } from './settings';

/**
 * The settings a workspace carries: where the data comes from, what is charted and how, the
 * watchlist, the panel layout, where the main window was, which panels were popped out and
 * where, and the alert rules. Not the theme or
 * the batch rate (the machine's, not the layout's) and never `recordingsDir`: a file handed to
 * the app must not choose where it writes.
 */
export const WORKSPACE_SETTINGS = [
  'feed',
  'feedEndpoint',
  'feeds',
  'chartWindowMin',
  'barIntervalMs',
  'focused',
  'watchlistColumns',
  'pinned',
  'hidden',
  'compareOverlay',
  'chartSetups',
  'alerts',
  'chartGrid',
  'panels',
  'mainWindow',
  'windows',
] as const satisfies readonly (keyof Settings)[];

/** The settings one workspace holds. */
export type WorkspaceSettings = Pick<Settings, (typeof WORKSPACE_SETTINGS)[number]>;

/** A named workspace. */
export interface Workspace {
  readonly name: string;
  readonly settings: WorkspaceSettings;
}

/** The workspaces as the page lists them. */
export interface WorkspacesView {
  /** Names, sorted for display. */
  readonly names: readonly string[];
  /** The workspace last saved or switched to (null: none yet, or it was deleted). */
  readonly current: string | null;
}

/** What `workspace:switch` answers: the settings now in use, and the list. */
export interface WorkspaceSwitch {
  readonly settings: Settings;
  readonly workspaces: WorkspacesView;
}

/** What an import answers: the workspace's name, and the fields that fell back to defaults. */
export interface WorkspaceImport {
  readonly name: string;
  readonly problems: readonly string[];
  readonly workspaces: WorkspacesView;
}

/** Longest workspace name, characters. */
export const MAX_WORKSPACE_NAME_CHARS = 64;
/** Most workspaces kept (bounds the workspaces file). */
export const MAX_WORKSPACES = 100;
/**
 * Largest workspace file an import takes, characters (the browser mode sends it over its page
 * socket, whose message limit is above this).
 */
export const MAX_WORKSPACE_FILE_CHARS = 512 * 1024;
/**
 * `version` of the workspace file format this app writes (an exported workspace and the host's
 * workspaces file). It reads version 1 too, whose source-prefixed names were made by the
 * source-naming rule 1 (protocol/source-names.ts) and are renamed as they are read, and
 * version 2, whose sources have no saved names (bug 132: they are named as they are read, in
 * order, as that app named them; protocol/feed-names.ts).
 */
export const WORKSPACE_FILE_VERSION = 3;

// Letters and digits of any script, then also spaces, dots, dashes and underscores: a name is
// shown in menus, used in data-testids and typed after --workspace, so no quotes, slashes or
// control characters.
const NAME_PATTERN = /^[\p{L}\p{N}](?:[\p{L}\p{N} ._-]*[\p{L}\p{N}._-])?$/u;

/** Null when `v` is a valid workspace name, else a message naming the problem. */
export function checkWorkspaceName(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0) return 'name: expected a workspace name';
  if (v.length > MAX_WORKSPACE_NAME_CHARS)
    return `name: at most ${MAX_WORKSPACE_NAME_CHARS} characters`;
  return NAME_PATTERN.test(v)
    ? null
    : `name ${JSON.stringify(v)}: use letters, digits, spaces, ".", "-" and "_", starting with a letter or digit and not ending in a space`;
}

/** The part of `settings` a workspace keeps. */
export function workspaceSettingsOf(settings: Settings): WorkspaceSettings {
  return Object.fromEntries(
    WORKSPACE_SETTINGS.map((key) => [key, settings[key]]),
  ) as unknown as WorkspaceSettings;
}
