import { describe, expect, it } from 'vitest';
import { parseAlertLine } from './alert-line';
import { validateCommandArgs } from './commands';
import { checkSettingsPatch } from './settings-check';
import { readSettings } from './settings-read';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import {
  MAX_WORKSPACE_FILE_CHARS,
  MAX_WORKSPACE_NAME_CHARS,
  checkWorkspaceName,
  workspaceSettingsOf,
} from './workspace';
import { parseWorkspaceFile, readWorkspaceList, workspaceFileText } from './workspace-file';

const parsedRule = parseAlertLine('ACME above 100', { id: 'r1', now: 1 });
if (!parsedRule.ok) throw new Error(parsedRule.error);
const RULE = parsedRule.value;

const file = (settings: unknown, extra: object = {}) =>
  JSON.stringify({ tickdeck: 'workspace', version: 1, name: 'Desk', settings, ...extra });

describe('workspace names', () => {
  it.each([
    'Desk',
    'BTC venues',
    'morning_2',
    'a',
    'Börse 1.0',
    'x'.repeat(MAX_WORKSPACE_NAME_CHARS),
  ])('accepts %j', (name) => expect(checkWorkspaceName(name)).toBeNull());

  it.each([
    ['', /expected a workspace name/],
    [42, /expected a workspace name/],
    ['x'.repeat(MAX_WORKSPACE_NAME_CHARS + 1), /at most 64 characters/],
    [' leading', /use letters/],
    ['trailing ', /use letters/],
    ['../etc', /use letters/],
    ['a/b', /use letters/],
    ['quote"d', /use letters/],
    ['tab\there', /use letters/],
  ])('refuses %j', (name, message) => expect(checkWorkspaceName(name)).toMatch(message));

  it('is checked on every workspace command that takes one', () => {
    expect(validateCommandArgs('workspace:rename', ['Desk', 'a/b'])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^workspace:rename: name "a\/b"/),
    });
    expect(validateCommandArgs('workspace:save', ['Desk', 'yes'])).toMatchObject({ ok: false });
    expect(validateCommandArgs('workspace:save', ['Desk', false])).toMatchObject({ ok: true });
  });

  it('bounds the text an import takes', () => {
    const big = 'x'.repeat(MAX_WORKSPACE_FILE_CHARS + 1);
    expect(validateCommandArgs('workspace:import', [big])).toMatchObject({ ok: false });
    expect(parseWorkspaceFile(big)).toMatchObject({ ok: false, error: /larger than/ });
  });
});

describe('the chart grid and panel settings', () => {
  it('accepts the grids and panel sizes there are', () => {
    for (const chartGrid of [1, 2, 4, 6]) expect(checkSettingsPatch({ chartGrid }).ok).toBe(true);
    const panels = { ...DEFAULT_SETTINGS.panels, watchlistPx: 420, sportsPx: 0 };
    expect(checkSettingsPatch({ panels }).ok).toBe(true);
  });

  it('gives a settings file from before the grid one that holds every chart it compared', () => {
    const grid = (focused: string[]) => readSettings({ focused }).settings.chartGrid;
    expect(grid(['A', 'B', 'C'])).toBe(4);
    expect(grid(['A', 'B', 'C', 'D'])).toBe(4);
    expect(grid(['A'])).toBe(DEFAULT_SETTINGS.chartGrid);
    expect(readSettings({ focused: ['A', 'B', 'C'], chartGrid: 1 }).settings.chartGrid).toBe(1);
  });

  it.each([
    [{ chartGrid: 3 }, /^chartGrid: expected one of 1, 2, 4, 6/],
    [{ chartGrid: '4' }, /^chartGrid/],
    [{ panels: null }, /^panels: expected an object/],
    [{ panels: { ...DEFAULT_SETTINGS.panels, watchlistPx: -1 } }, /^panels.watchlistPx/],
    [{ panels: { ...DEFAULT_SETTINGS.panels, depthPx: 1e9 } }, /^panels.depthPx: .*10000/],
    [{ panels: { ...DEFAULT_SETTINGS.panels, sportsPx: 1.5 } }, /^panels.sportsPx/],
    [{ panels: { ...DEFAULT_SETTINGS.panels, alertsFolded: 'no' } }, /^panels.alertsFolded/],
    [{ panels: { ...DEFAULT_SETTINGS.panels, extra: 1 } }, /^panels: unknown field "extra"/],
  ])('refuses %j', (patch, message) => {
    const checked = checkSettingsPatch(patch);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(message);
  });
});

describe('workspace files', () => {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    theme: 'light',
    focused: ['ACME', 'GLBX', 'INIT', 'QNTM'],
    chartGrid: 4,
    alerts: [RULE],
  };

  it('round-trips a workspace through its exported text, without the machine settings', () => {
    const workspace = { name: 'Desk', settings: workspaceSettingsOf(settings) };
    expect(workspace.settings).not.toHaveProperty('theme');
    expect(workspace.settings).not.toHaveProperty('recordingsDir');
    expect(parseWorkspaceFile(workspaceFileText(workspace))).toEqual({
      ok: true,
      value: { workspace, problems: [] },
    });
  });

  it.each([
    ['{"tickdeck": "workspace",', /not valid JSON/],
    ['[]', /not a Tickdeck workspace/],
    [JSON.stringify({ name: 'Desk', settings: {} }), /not a Tickdeck workspace/],
    [file({}, { version: 4 }), /version 4 is not supported/],
    [file({}, { name: 'a/b' }), /^file: name "a\/b"/],
    [file([]), /^file.settings: expected an object/],
  ])('refuses an unreadable file whole: %s', (text, message) => {
    const read = parseWorkspaceFile(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(message);
  });

  it('names a version it cannot read by its type, however deep or long (quoting one overflowed)', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseWorkspaceFile(file({}).replace('"version":1', `"version":${deep}`))).toEqual({
      ok: false,
      error: 'file: version an array is not supported (expected 1 to 3)',
    });
    expect(parseWorkspaceFile(file({}, { version: 'x'.repeat(500) }))).toEqual({
      ok: false,
      error: `file: version the string "${'x'.repeat(40)}" is not supported (expected 1 to 3)`,
    });
  });

  it('lets a bad field fall back to its default and reports it, keeping the good ones', () => {
    const read = parseWorkspaceFile(
      file({
        chartGrid: 5,
        focused: ['ACME'],
        panels: { watchlistPx: 'wide' },
        alerts: [RULE, { id: 'broken' }],
        recordingsDir: '/tmp/elsewhere',
        theme: 'light',
      }),
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const { workspace, problems } = read.value;
    expect(workspace.settings.focused).toEqual(['ACME']);
    expect(workspace.settings.chartGrid).toBe(DEFAULT_SETTINGS.chartGrid);
    expect(workspace.settings.panels).toEqual(DEFAULT_SETTINGS.panels);
    expect(workspace.settings.alerts.map((r) => r.id)).toEqual(['r1']);
    expect(workspace.settings).not.toHaveProperty('recordingsDir');
    expect(problems).toEqual([
      expect.stringMatching(/^Desk: "recordingsDir" is not part of a workspace/),
      expect.stringMatching(/^Desk: "theme" is not part of a workspace/),
      expect.stringMatching(/^Desk: chartGrid/),
      expect.stringMatching(/^Desk: panels/),
      expect.stringMatching(/^Desk: .*broken/),
    ]);
  });

  it('reads panels field by field: each bad one reported by name and reset alone', () => {
    const read = parseWorkspaceFile(
      file({
        panels: {
          watchlistPx: 420,
          depthPx: 1e9,
          sportsPx: 180,
          sportsFolded: 'no',
          alertsFolded: false,
        },
      }),
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.workspace.settings.panels).toEqual({
      ...DEFAULT_SETTINGS.panels,
      watchlistPx: 420,
      sportsPx: 180,
      alertsFolded: false,
    });
    expect(read.value.problems).toEqual([
      expect.stringMatching(/^Desk: panels\.depthPx: /),
      expect.stringMatching(/^Desk: panels\.sportsFolded: /),
    ]);
  });

  it("reads a file's pop-out windows window by window: a bad one is reported and dropped", () => {
    const chart = {
      panel: { panel: 'chart', instrument: 'ACME' },
      bounds: { x: 10, y: 20, width: 700, height: 450 },
      displayId: 1,
    };
    const read = parseWorkspaceFile(
      file({ windows: [chart, { ...chart, panel: { panel: 'sports' }, bounds: { x: 0 } }] }),
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.workspace.settings.windows).toEqual([chart]);
    expect(read.value.problems).toEqual([expect.stringMatching(/^Desk: windows\[1\]\.bounds/)]);
  });

  it('reads the host file entry by entry, skipping bad entries and duplicate names', () => {
    const good = { name: 'A', settings: { chartGrid: 6 } };
    const { list, problems } = readWorkspaceList({
      version: 1,
      current: 'gone',
      workspaces: [good, { name: 'A', settings: {} }, { name: '', settings: {} }, 7],
    });
    expect(list.workspaces.map((w) => [w.name, w.settings.chartGrid])).toEqual([['A', 6]]);
    expect(list.current).toBeNull();
    expect(problems).toEqual([
      expect.stringMatching(/^workspaces\[1\]: a second workspace named "A"/),
      expect.stringMatching(/^workspaces\[2\]: name/),
      expect.stringMatching(/^workspaces\[3\]: expected an object/),
      expect.stringMatching(/^current: no workspace named "gone"/),
    ]);
    expect(readWorkspaceList('nope').problems[0]).toMatch(/workspaces file: expected/);
  });
});
