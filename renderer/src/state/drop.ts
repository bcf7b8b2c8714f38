/** Dropping a recording folder onto the window: which drags to accept and the path to open. */

/** True when a drag carries files or folders from the desktop (not text or a link). */
export function isFileDrag(types: readonly string[] | undefined): boolean {
  return types?.includes('Files') ?? false;
}

/** Result of {@link droppedPath}. */
export type DroppedPath =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly error: string };

/**
 * The folder path of the first dropped item. Only the desktop app can see where a dropped file
 * lives (`pathForFile`, from the preload); a browser page never learns local paths.
 */
export function droppedPath(
  files: ArrayLike<unknown> | null | undefined,
  pathForFile: ((file: unknown) => string) | undefined,
): DroppedPath {
  const file = files?.[0];
  if (!file) return { ok: false, error: 'Nothing was dropped. Drop a recording folder.' };
  if (!pathForFile)
    return {
      ok: false,
      error:
        'A browser page cannot see where a dropped folder is. Use "Open recording…" and type its path.',
    };
  const path = pathForFile(file);
  return path
    ? { ok: true, path }
    : { ok: false, error: 'That item has no folder on disk. Drop a recording folder.' };
}
