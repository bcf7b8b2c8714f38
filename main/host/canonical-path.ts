/**
 * The one spelling of a settings file (bug 178), for its lock and for its saves: links followed,
 * `..` and `.` gone, and, where the file system ignores case (macOS, Windows), the case the
 * folder lists it in, which the system's own `realpath` gives (Node's `.native`; Node's other
 * one keeps the case it is given). A file not made yet is its folder's spelling and the name as
 * given (the folder lists none); a folder not made yet, the path made absolute.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export type Realpath = (path: string) => string;

export function canonicalPath(path: string, realpath: Realpath = realpathSync.native): string {
  const absolute = resolve(path);
  try {
    return realpath(absolute);
  } catch {
    try {
      return join(realpath(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}
