import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withUnwritableFolder } from '../test-support/unwritable-folder';
import { readJsonFile, writeJsonFileAtomic } from './host/json-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickdeck-json-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('writeJsonFileAtomic', () => {
  it('concurrent writes to one file all succeed, in call order, leaving no temp file', async () => {
    const file = join(dir, 'state.json');
    const writes = Array.from({ length: 50 }, (_, n) => writeJsonFileAtomic(file, { n }));
    const results = await Promise.allSettled(writes);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 49 });
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('a failed write rejects, removes its temp file and does not block the next one', async () => {
    const file = join(dir, 'state.json');
    // A non-empty folder where the file goes: the rename over it fails.
    await mkdir(join(file, 'inside'), { recursive: true });
    const failed = writeJsonFileAtomic(file, { n: 1 });
    const next = writeJsonFileAtomic(file, { n: 2 });
    await expect(failed).rejects.toThrow();
    await expect(next).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['state.json']);
    await rm(file, { recursive: true });
    await writeJsonFileAtomic(file, { n: 3 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 3 });
  });
});

describe.skipIf(process.platform === 'win32')('a folder that cannot be written', () => {
  it('refuses a save naming the file and why, leaving the file and the folder as they were', async () => {
    const file = join(dir, 'state.json');
    await writeJsonFileAtomic(file, { n: 1 });
    await withUnwritableFolder(dir, () =>
      expect(writeJsonFileAtomic(file, { n: 2 })).rejects.toThrow(
        `${file} is not saved: its folder cannot be written (EACCES)`,
      ),
    );
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 1 });
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('names the missing folder it could not make', async () => {
    const file = join(dir, 'new', 'state.json');
    await withUnwritableFolder(dir, () =>
      expect(writeJsonFileAtomic(file, { n: 1 })).rejects.toThrow(
        `${file} is not saved: its folder cannot be written (EACCES)`,
      ),
    );
    expect(await readdir(dir)).toEqual([]);
  });
});

describe.skipIf(process.platform === 'win32')('a path that is not a regular file', () => {
  it('is reported by name, not read, and never replaced by a write', async () => {
    const file = join(dir, 'state.json');
    execFileSync('mkfifo', [file]);
    expect(await readJsonFile(file)).toEqual({
      kind: 'not-a-file',
      error: `${file} is not a regular file`,
    });
    await expect(writeJsonFileAtomic(file, { n: 1 })).rejects.toThrow(
      `${file} is not a regular file`,
    );
    expect(statSync(file).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(['state.json']);
  }, 5_000);
});
