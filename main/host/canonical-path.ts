/**
 * The one spelling of a settings file (bug 178), for its lock and for its saves: links followed,
 * `..` and `.` gone, and, where the file system ignores case (macOS, Windows), the case the
 * folder lists it in, which the system's own `realpath` gives (Node's `.native`; Node's other
 * one keeps the case it is given). A file not made yet is its folder's spelling and the name as
 * given (the folder lists none); a folder not made yet, the path made absolute. A link to a file
 * not made yet is the file it names (bug 218): `realpath` fails on it, and its own spelling made
 * the first save replace the link with a file.
 */
import { readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export type Realpath = (path: string) => string;
/** What a link at `path` names, as written in it; null when `path` is not a link. */
export type Readlink = (path: string) => string | null;

/** Links followed at most, as Linux's own bound (`MAXSYMLINKS`); past it, a loop. */
const MAX_LINKS = 40;

const readLink: Readlink = (path) => {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
};

export function canonicalPath(
  path: string,
  realpath: Realpath = realpathSync.native,
  readlink: Readlink = readLink,
): string {
  const absolute = resolve(path);
  let named = absolute;
  for (let links = 0; ; links++) {
    try {
      return realpath(named);
    } catch {
      // Missing, or a link to something missing: followed below, link by link.
    }
    const target = links < MAX_LINKS ? readlink(named) : null;
    if (target === null) break;
    try {
      // A relative target is read from the folder the link is in, links in its path followed.
      named = resolve(realpath(dirname(named)), target);
    } catch {
      break;
    }
  }
  // A loop of links is spelled as given; a save there meets the loop and says so.
  if (named !== absolute && readlink(named) !== null) named = absolute;
  try {
    return join(realpath(dirname(named)), basename(named));
  } catch {
    return named;
  }
}
