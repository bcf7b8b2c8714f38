import { describe, expect, it, vi } from 'vitest';
import { droppedPath, isFileDrag } from './drop';

describe('dropping a recording', () => {
  it('accepts drags of files and folders only', () => {
    expect(isFileDrag(['Files'])).toBe(true);
    expect(isFileDrag(['text/plain'])).toBe(false);
    expect(isFileDrag(undefined)).toBe(false);
  });

  it('opens the path the desktop app resolves for the first item', () => {
    const pathForFile = vi.fn(() => '/home/me/rec');
    const folder = { name: 'rec' };
    expect(droppedPath([folder, {}], pathForFile)).toEqual({ ok: true, path: '/home/me/rec' });
    expect(pathForFile).toHaveBeenCalledWith(folder);
  });

  it('explains why a browser page cannot open a dropped folder', () => {
    expect(droppedPath([{}], undefined)).toMatchObject({
      ok: false,
      error: expect.stringContaining('Open recording'),
    });
    expect(droppedPath([], () => '/x')).toMatchObject({ ok: false });
    expect(droppedPath([{}], () => '')).toMatchObject({ ok: false });
  });
});
