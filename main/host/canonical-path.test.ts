/**
 * bug 178: one spelling of a settings file for its lock. Where the file system ignores case the
 * system's realpath gives the case on disk; that is faked here (Linux's file systems keep case),
 * and links and `..` are real. bug 218: a link to a file not made yet is that file.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalPath } from './canonical-path';

/** A folder `/Desk` holding `Settings.json`, on a file system that ignores case. */
const caseless = (path: string): string => {
  const onDisk = ['/Desk', '/Desk/Settings.json'].find(
    (p) => p.toLowerCase() === path.toLowerCase(),
  );
  if (onDisk === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return onDisk;
};

describe('canonicalPath', () => {
  it('spells a file as its folder lists it, however it is given', () => {
    for (const given of ['/desk/settings.json', '/DESK/SETTINGS.JSON', '/Desk/Settings.json'])
      expect(canonicalPath(given, caseless)).toBe('/Desk/Settings.json');
  });

  it('spells a file not made yet by its folder, and one whose folder is not made, absolute', () => {
    expect(canonicalPath('/desk/new.json', caseless)).toBe('/Desk/new.json');
    expect(canonicalPath('/nowhere/new.json', caseless)).toBe('/nowhere/new.json');
    expect(canonicalPath('rel/new.json', caseless)).toBe(resolve('rel/new.json'));
  });

  describe('on this machine', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tickdeck-canonical-path-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('is one for a file, a link to it, a link to its folder and `..`, made or not', async () => {
      await mkdir(join(dir, 'real', 'sub'), { recursive: true });
      await symlink(join(dir, 'real'), join(dir, 'folder'));
      for (const name of ['made.json', 'new.json']) {
        if (name === 'made.json') await writeFile(join(dir, 'real', name), '{}');
        const spellings = [
          join(dir, 'folder', name),
          `${dir}/real/sub/../${name}`,
          `${dir}/folder/./sub/../${name}`,
        ];
        const one = canonicalPath(join(dir, 'real', name));
        for (const spelling of spellings) expect(canonicalPath(spelling)).toBe(one);
      }
    });

    it('bug 218: is the file a link names before it is made, through relative links and a linked folder', async () => {
      await mkdir(join(dir, 'real', 'sub'), { recursive: true });
      await symlink(join(dir, 'real', 'sub'), join(dir, 'linked'));
      const file = join(dir, 'real', 'new.json');
      // Read from the folder the link is in: `linked` is real/sub, so `../new.json` is real's.
      await symlink('../new.json', join(dir, 'real', 'sub', 'relative.json'));
      await symlink(join(dir, 'linked', 'relative.json'), join(dir, 'chain.json'));
      for (const link of [join(dir, 'linked', 'relative.json'), join(dir, 'chain.json')])
        expect(canonicalPath(link)).toBe(canonicalPath(file));
      // A folder not made yet: the file it would be, absolute.
      await symlink(join(dir, 'later', 'x.json'), join(dir, 'later.json'));
      expect(canonicalPath(join(dir, 'later.json'))).toBe(
        join(canonicalPath(dir), 'later', 'x.json'),
      );
    });

    it('spells a loop of links as given', async () => {
      await symlink(join(dir, 'b.json'), join(dir, 'a.json'));
      await symlink(join(dir, 'a.json'), join(dir, 'b.json'));
      expect(canonicalPath(join(dir, 'a.json'))).toBe(join(canonicalPath(dir), 'a.json'));
    });
  });
});
