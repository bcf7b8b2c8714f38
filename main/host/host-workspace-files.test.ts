/**
 * Bug 151: each settings file has its own workspaces, as it has its own alert log (bug 135).
 * Two real hosts (embedded simulator) on `a.json` and `b.json` in one folder.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkspacesView } from '../../protocol/workspace';
import { createAppHost, workspacesPathOf, type AppHost } from './host';
import { invokeOk as ok } from '../../test-support/host-invoke';

let dir: string;
const hosts: AppHost[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-workspace-files-'));
});
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  await rm(dir, { recursive: true, force: true });
});

async function open(file: string): Promise<AppHost> {
  const h = await createAppHost({
    settingsPath: join(dir, file),
    simulator: { seed: 5, rate: 50, heartbeatMs: 100, instruments: 2, matches: 0 },
    recordingsDir: join(dir, 'recordings'),
  });
  hosts.push(h);
  return h;
}

const names = async (h: AppHost) => (await ok<WorkspacesView>(h, 'workspace:list')).names;

describe('workspaces per settings file', () => {
  it('keeps two settings files in one folder from seeing or deleting each other’s', async () => {
    const [a, b] = [await open('a.json'), await open('b.json')];
    await ok(a, 'workspace:save', 'Desk A', false);
    await ok(b, 'workspace:save', 'Desk B', false);
    expect(await names(a)).toEqual(['Desk A']);
    expect(await names(b)).toEqual(['Desk B']);
    await ok(a, 'workspace:delete', 'Desk A');
    // b, started again, still has its own.
    await hosts.pop()!.close();
    expect(await names(await open('b.json'))).toEqual(['Desk B']);
    expect(workspacesPathOf(join(dir, 'b.json'))).toBe(join(dir, 'b.json.workspaces.json'));
  });

  it("starts a settings file in use before from a copy of the folder's workspaces, once", async () => {
    const shared = JSON.stringify({
      version: 3,
      current: 'Old',
      workspaces: [{ name: 'Old', settings: { chartGrid: 4 } }],
    });
    await writeFile(join(dir, 'workspaces.json'), shared);
    await writeFile(join(dir, 'b.json'), '{}');
    const b = await open('b.json');
    expect(await names(b)).toEqual(['Old']);
    await ok(b, 'workspace:delete', 'Old');
    // The default settings file reads the shared file as it did, untouched by b.
    const d = await open('settings.json');
    expect(await names(d)).toEqual(['Old']);
    expect(await readFile(join(dir, 'workspaces.json'), 'utf8')).toBe(shared);
    // A new settings file starts with none.
    expect(await names(await open('new.json'))).toEqual([]);
  });
});
