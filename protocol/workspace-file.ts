/**
 * Reading workspaces from JSON: an exported workspace file, and the host's workspaces file.
 * Fields are checked like settings (`readSettings`): a bad one falls back to its default and is
 * reported; a file that is not a workspace at all is refused whole.
 */
import { describe, type Obj } from './decode-fields';
import { isObj } from './plain-object';
import type { Checked } from './settings-check';
import { readSettings } from './settings-read';
import { SOURCE_NAME_RULE, type SourceNameRule } from './source-names';
import type { Workspace, WorkspaceSettings } from './workspace';
import {
  MAX_WORKSPACE_FILE_CHARS,
  MAX_WORKSPACES,
  WORKSPACE_FILE_VERSION,
  WORKSPACE_SETTINGS,
  checkWorkspaceName,
  workspaceSettingsOf,
} from './workspace';

/**
 * The source-naming rule a workspace file's names were made by: version 1 (or none, in the
 * host's workspaces file) named ws:// sources by host alone.
 */
function sourceNameRuleOf(version: unknown): SourceNameRule {
  return version === undefined || version === 1 ? 1 : SOURCE_NAME_RULE;
}

/** A workspace read with the fields that fell back to their defaults. */
export interface ReadWorkspace {
  readonly workspace: Workspace;
  readonly problems: readonly string[];
}

/**
 * Reads a workspace's settings: valid fields are kept, bad ones fall back to the defaults and
 * are reported, and settings a workspace does not carry (`recordingsDir`, `theme`...) are
 * reported and ignored.
 */
export function readWorkspaceSettings(
  v: unknown,
  rule: SourceNameRule = SOURCE_NAME_RULE,
): {
  readonly settings: WorkspaceSettings;
  readonly problems: readonly string[];
} {
  const problems: string[] = [];
  const carried: Obj = {};
  if (isObj(v)) {
    for (const [key, value] of Object.entries(v)) {
      if ((WORKSPACE_SETTINGS as readonly string[]).includes(key)) carried[key] = value;
      else problems.push(`"${key}" is not part of a workspace and was ignored`);
    }
  } else {
    problems.push('settings: expected a JSON object');
  }
  const read = readSettings(carried, rule);
  return {
    settings: workspaceSettingsOf(read.settings),
    problems: [...problems, ...read.problems],
  };
}

function readWorkspace(v: unknown, where: string, rule: SourceNameRule): Checked<ReadWorkspace> {
  if (!isObj(v)) return { ok: false, error: `${where}: expected an object` };
  const nameError = checkWorkspaceName(v.name);
  if (nameError) return { ok: false, error: `${where}: ${nameError}` };
  if (!isObj(v.settings)) return { ok: false, error: `${where}.settings: expected an object` };
  const name = v.name as string;
  const { settings, problems } = readWorkspaceSettings(v.settings, rule);
  return {
    ok: true,
    value: { workspace: { name, settings }, problems: problems.map((p) => `${name}: ${p}`) },
  };
}

/**
 * Parses an exported workspace file. Refused whole (with the reason) when it is too large, not
 * JSON, not a Tickdeck workspace, of a newer version, or has no valid name; otherwise bad fields
 * fall back and are listed in `problems`.
 */
export function parseWorkspaceFile(text: string): Checked<ReadWorkspace> {
  if (text.length > MAX_WORKSPACE_FILE_CHARS)
    return { ok: false, error: `file: larger than ${MAX_WORKSPACE_FILE_CHARS} characters` };
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, error: `file: not valid JSON (${(err as Error).message})` };
  }
  if (!isObj(v) || v.tickdeck !== 'workspace')
    return { ok: false, error: 'file: not a Tickdeck workspace (no "tickdeck": "workspace")' };
  if (v.version !== 1 && v.version !== 2 && v.version !== WORKSPACE_FILE_VERSION)
    return {
      ok: false,
      // Named, not quoted: a version nested past the stack's depth overflowed JSON.stringify.
      error: `file: version ${typeof v.version === 'number' ? v.version : describe(v.version)} is not supported (expected 1 to ${WORKSPACE_FILE_VERSION})`,
    };
  return readWorkspace(v, 'file', sourceNameRuleOf(v.version));
}

/** The text of an exported workspace file. */
export function workspaceFileText(workspace: Workspace): string {
  const file = {
    tickdeck: 'workspace',
    version: WORKSPACE_FILE_VERSION,
    name: workspace.name,
    settings: workspace.settings,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The host's workspaces file: every workspace, and the one in use. */
export interface WorkspaceList {
  readonly current: string | null;
  readonly workspaces: readonly Workspace[];
}

/**
 * Reads the host's workspaces file entry by entry: a bad entry (or a duplicate name) is
 * reported and skipped, the others load; a bad field inside one falls back and is reported.
 */
export function readWorkspaceList(v: unknown): {
  readonly list: WorkspaceList;
  readonly problems: readonly string[];
} {
  if (!isObj(v) || !Array.isArray(v.workspaces))
    return {
      list: { current: null, workspaces: [] },
      problems: [
        `workspaces file: expected {"version":${WORKSPACE_FILE_VERSION},"current":...,"workspaces":[...]}`,
      ],
    };
  const problems: string[] = [];
  const workspaces: Workspace[] = [];
  for (const [i, entry] of (v.workspaces as unknown[]).entries()) {
    if (workspaces.length === MAX_WORKSPACES) {
      problems.push(`workspaces: more than ${MAX_WORKSPACES}; the rest were skipped`);
      break;
    }
    const read = readWorkspace(entry, `workspaces[${i}]`, sourceNameRuleOf(v.version));
    if (!read.ok) problems.push(read.error);
    else if (workspaces.some((w) => w.name === read.value.workspace.name))
      problems.push(`workspaces[${i}]: a second workspace named "${read.value.workspace.name}"`);
    else {
      workspaces.push(read.value.workspace);
      problems.push(...read.value.problems);
    }
  }
  const current =
    typeof v.current === 'string' && workspaces.some((w) => w.name === v.current)
      ? v.current
      : null;
  if (v.current !== null && v.current !== undefined && current === null)
    problems.push(`current: no workspace named ${JSON.stringify(v.current)}`);
  return { list: { current, workspaces }, problems };
}
