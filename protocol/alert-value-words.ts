/** A fired alert's value in words, the same in the page's toast and log and the desktop notification. */
import type { AlertEvent } from './alerts';

/**
 * What a fired alert saw, in words for its toast, log line and notification: `at 92.5` for a
 * price, spread, volume or odds; the minute of a red card (`at 45'`: its value is the match
 * clock in ms, which read "at 2712000"); the goals so far for a goal; '' for a status change.
 */
export function alertValueWords(event: AlertEvent): string {
  const value = event.tick?.value;
  if (value === null || value === undefined) return '';
  const c = event.rule.condition;
  if (c.type === 'red-card') return `at ${Math.floor(value / 60_000) + 1}'`;
  if (c.type === 'goal') {
    const goals = `${value} goal${value === 1 ? '' : 's'}`;
    return c.side === null ? `(${goals} in the match)` : `(${goals} for ${c.side})`;
  }
  return `at ${value}`;
}
