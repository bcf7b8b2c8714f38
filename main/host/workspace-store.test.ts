import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../protocol/ipc';
import { workspaceSettingsOf } from '../../protocol/workspace';
import { openWorkspaceStore } from './workspace-store';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-workspaces-'));
  file = join(dir, 'workspaces.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const layout = (chartGrid: 1 | 2 | 4 | 6) =>
  workspaceSettingsOf({ ...DEFAULT_SETTINGS, chartGrid, focused: ['ACME'] });

describe('workspace store', () => {
  it('saves a workspace, makes it current, and finds it after a restart', async () => {
    const store = await openWorkspaceStore(file);
    expect(store.view()).toEqual({ names: [], current: null });
    expect(await store.save('Desk', layout(4), false)).toEqual({
      names: ['Desk'],
      current: 'Desk',
    });
    const reopened = await openWorkspaceStore(file);
    expect(reopened.notices).toEqual([]);
    expect(reopened.view()).toEqual({ names: ['Desk'], current: 'Desk' });
    expect(reopened.get('Desk').settings.chartGrid).toBe(4);
  });

  it('writes atomically: no temp file is left and the file is whole JSON after each change', async () => {
    const store = await openWorkspaceStore(file);
    // Sent without waiting, as a page does: each lands, in order, on the one before.
    await Promise.all([
      store.save('A', layout(1), false),
      store.duplicate('A', 'B'),
      store.rename('B', 'C'),
      store.save('A', layout(6), true),
    ]);
    expect(await readdir(dir)).toEqual(['workspaces.json']);
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      version: number;
      workspaces: { name: string; settings: { chartGrid: number } }[];
    };
    expect(saved.version).toBe(3);
    expect(saved.workspaces.map((w) => [w.name, w.settings.chartGrid])).toEqual([
      ['C', 1],
      ['A', 6],
    ]);
  });

  it('refuses to rename or duplicate onto a name that exists, and writes nothing', async () => {
    const store = await openWorkspaceStore(file);
    await store.save('A', layout(1), false);
    await store.save('B', layout(2), false);
    const before = await readFile(file, 'utf8');
    await expect(store.rename('A', 'B')).rejects.toThrow('a workspace named "B" already exists');
    await expect(store.duplicate('A', 'B')).rejects.toThrow(/already exists/);
    await expect(store.save('A', layout(6), false)).rejects.toThrow(/already exists/);
    await expect(store.rename('nope', 'Z')).rejects.toThrow(
      'no workspace named "nope"; saved: "A", "B"',
    );
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(store.get('B').settings.chartGrid).toBe(2);
  });

  it('renames the current workspace and keeps it current', async () => {
    const store = await openWorkspaceStore(file);
    await store.save('A', layout(1), false);
    expect(await store.rename('A', 'Morning')).toEqual({ names: ['Morning'], current: 'Morning' });
  });

  it('deletes the current workspace, leaving none current and the others kept', async () => {
    const store = await openWorkspaceStore(file);
    await store.save('A', layout(1), false);
    await store.save('B', layout(2), false);
    expect(await store.delete('B')).toEqual({ names: ['A'], current: null });
    expect(() => store.get('B')).toThrow('no workspace named "B"; saved: "A"');
    expect((await openWorkspaceStore(file)).view()).toEqual({ names: ['A'], current: null });
  });

  it('refuses an import under a taken name and keeps the saved workspace', async () => {
    const store = await openWorkspaceStore(file);
    await store.save('A', layout(1), false);
    await expect(store.add({ name: 'A', settings: layout(6) })).rejects.toThrow(/already exists/);
    expect(store.get('A').settings.chartGrid).toBe(1);
  });

  it('sets a corrupt file aside and starts with none, telling the user', async () => {
    await writeFile(file, '{"workspaces": [');
    const store = await openWorkspaceStore(file);
    expect(store.view().names).toEqual([]);
    expect(store.notices[0]?.message).toMatch(/could not be read .*kept as/);
    const kept = (await readdir(dir)).find((name) => name.includes('corrupt'));
    expect(await readFile(join(dir, kept!), 'utf8')).toBe('{"workspaces": [');
  });

  it('loads the good entries of a file with a bad one, and says which', async () => {
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        current: 'A',
        workspaces: [
          { name: 'A', settings: { chartGrid: 4 } },
          { name: 'a/b', settings: {} },
        ],
      }),
    );
    const store = await openWorkspaceStore(file);
    expect(store.view()).toEqual({ names: ['A'], current: 'A' });
    expect(store.notices[0]?.message).toMatch(/workspaces\[1\]: name "a\/b"/);
  });

  it('loads none, saying why, when its file is a FIFO, instead of waiting on it for good', async () => {
    execFileSync('mkfifo', [file]);
    const store = await openWorkspaceStore(file);
    expect(store.view()).toEqual({ names: [], current: null });
    expect(store.notices.map((n) => n.message)).toEqual([
      `Workspaces file ${file} is not a regular file; no workspaces are loaded, and none is saved until it is one.`,
    ]);
    // Not replaced: a rename over a FIFO or a device takes it from what else uses it.
    await expect(store.save('Desk', layout(2), false)).rejects.toThrow(
      `${file} is not a regular file`,
    );
    expect(statSync(file).isFIFO()).toBe(true);
  });
});
