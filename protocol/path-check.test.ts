import { describe, expect, it } from 'vitest';
import { checkPath, isAbsolutePath } from './path-check';

describe('isAbsolutePath', () => {
  it('knows POSIX, Windows drive and UNC paths, not relative ones', () => {
    for (const p of ['/data', 'C:\\rec', 'c:/rec', '\\\\nas\\rec'])
      expect(isAbsolutePath(p)).toBe(true);
    for (const p of ['rec', './rec', 'C:rec', '\\rec']) expect(isAbsolutePath(p)).toBe(false);
  });
});

describe('checkPath', () => {
  it('takes a path of 1 to 4,096 characters without a NUL', () => {
    expect(checkPath('rec')).toBeNull();
    expect(checkPath('x'.repeat(4096))).toBeNull();
  });

  it('refuses an empty, too long or NUL-bearing path, and a non-string', () => {
    for (const p of ['', 'x'.repeat(4097), 'a\0b', 7])
      expect(checkPath(p)).toBe('path: expected a folder path');
  });
});
