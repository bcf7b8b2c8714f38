/**
 * A settings file given by a link (bug 178, bug 218): saves go to the file the link names, made
 * by the first save when it is not there yet, and the link and the file are one lock.
 */
import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../protocol/settings';
import { StartError, createAppHost, type AppHost } from './host';
import { lockSettings } from './settings-lock';

let dir: string;
const hosts: AppHost[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-settings-link-'));
});
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  await rm(dir, { recursive: true, force: true });
});

async function open(settingsPath: string): Promise<AppHost> {
  const h = await createAppHost({
    settingsPath,
    simulator: { seed: 5, rate: 50, heartbeatMs: 100, instruments: 2, matches: 0 },
    recordingsDir: join(dir, 'recordings'),
  });
  hosts.push(h);
  return h;
}

const savedGrid = async (path: string): Promise<number> =>
  (JSON.parse(await readFile(path, 'utf8')) as Settings).chartGrid;

describe('a settings file given by a link', () => {
  it('is one lock with the file it names, or with a link to its folder', async () => {
    const file = join(dir, 's.json');
    await writeFile(file, '{}');
    await symlink(file, join(dir, 'link.json'));
    await symlink(dir, join(dir, 'folder'));
    const lock = await lockSettings(join(dir, 'link.json'));
    await expect(lockSettings(file)).rejects.toThrow(StartError);
    await expect(lockSettings(join(dir, 'folder', 's.json'))).rejects.toThrow(StartError);
    await lock.release();
  });

  it('bug 178: a host on a link saves through it, and the link and the file stay one lock', async () => {
    const file = join(dir, 's.json');
    await writeFile(file, '{}');
    const link = join(dir, 'link.json');
    await symlink(file, link);
    const h = await open(link);
    expect(await h.invoke('settings:update', [{ chartGrid: 4 }])).toMatchObject({ ok: true });
    // The link is still one, and the file it names has the change.
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await savedGrid(file)).toBe(4);
    await hosts.pop()!.close();
    // Closed and started again by the link: the other spelling is refused.
    const again = await lockSettings(link);
    await expect(lockSettings(file)).rejects.toThrow(StartError);
    await again.release();
  });

  it('bug 218: a link to a file not made yet: the first save makes that file, and the link stays', async () => {
    // A dotfiles link into a synced folder, made before the app ever saved there.
    const file = join(dir, 'synced', 'tickdeck.json');
    const link = join(dir, 'link.json');
    await symlink('synced/tickdeck.json', link);
    const h = await open(link);
    // Locked as the file it names from the start: that spelling is refused while it runs.
    await expect(lockSettings(file)).rejects.toThrow(StartError);
    expect(await h.invoke('settings:update', [{ chartGrid: 4 }])).toMatchObject({ ok: true });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await savedGrid(file)).toBe(4);
    expect(await h.invoke('settings:update', [{ chartGrid: 2 }])).toMatchObject({ ok: true });
    expect(await savedGrid(link)).toBe(2);
  });
});
