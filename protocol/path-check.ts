/** Checks of the folder paths settings and commands name. */

const MAX_PATH_CHARS = 4096;

/** `/x` (POSIX), `C:\x` or `C:/x` (Windows), `\\server\share` (UNC). */
export function isAbsolutePath(v: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(v);
}

/** Checks a folder path a command names; null when it is acceptable. */
export function checkPath(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_PATH_CHARS && !v.includes('\0')
    ? null
    : 'path: expected a folder path';
}
