/**
 * One task at a time, in call order: each starts when the one before it settles, and a task
 * that fails rejects only its own caller. What every read-modify-write of a saved file needs
 * (settings, workspaces, the alert log, the source list), so none is applied to a stale copy.
 */
export type SerialQueue = <T>(task: () => Promise<T> | T) => Promise<T>;

export function serialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T> | T): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => {});
    return run;
  };
}
