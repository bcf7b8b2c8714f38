/** How a feed connection's end is told in the health bar, and which ends retrying cannot fix. */

/** HTTP statuses on the upgrade that retrying cannot fix (404, 401...), unlike 408 or 429. */
export function isPermanentRefusal(message: string): boolean {
  const status = Number(/Unexpected server response: (\d+)/.exec(message)?.[1]);
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** A duration as a reason states it: `4.5 s`, `2 min`, `23.5 h`. */
export function formatAge(ms: number): string {
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${+(ms / 1_000).toFixed(1)} s`;
}
