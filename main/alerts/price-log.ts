/**
 * A price's log: the (ts, price) pairs of its ticks not yet pushed into its move windows (the
 * monotonic deques of tick-windows.ts). A quiet tick only appends to it (alert-rows.ts); the
 * pushes wait until the log is full or a rule may fire, and are then written out here, each
 * window taking only the entries no later entry reaches: those are all a deque would keep of
 * them, so the deque ends as the pushes one by one would leave it, at a few pushes for the
 * log's many (on a random walk, about ln of its length). A push of its own on every tick read
 * each window's header and tail, lines the instrument last touched thousands of ticks before
 * (docs/PERFORMANCE.md, "Alerts at scale: the pushes logged").
 */
import { LOG_ENTRIES } from './alert-row-layout';
import type { ExtremaWindows } from './tick-windows';

/** The log entries a write-out keeps for one window, newest first. */
const kept = new Int32Array(LOG_ENTRIES);

/**
 * Pushes into `windows` the entries of the log at `at` in `log` (`count` of them, oldest first)
 * that no later entry reaches: above every later one for highs (`sign` 1), below for lows (-1).
 * The newest is always pushed (it sets the windows' newest time).
 */
export function writeOut(
  windows: ExtremaWindows,
  log: Float64Array,
  at: number,
  count: number,
  sign: 1 | -1,
): void {
  let n = 0;
  let best = -Infinity;
  for (let i = count - 1; i >= 0; i--) {
    const v = sign * (log[at + 2 * i + 1] as number);
    // Not reached by any later entry: a deque pops on `<=`, so an equal later one reaches it.
    if (v > best || n === 0) {
      kept[n++] = i;
      best = v;
    }
  }
  while (n > 0) {
    const i = kept[--n] as number;
    windows.push(log[at + 2 * i] as number, log[at + 2 * i + 1] as number);
  }
}

/** Where price slot `s`'s log starts in the log array, in doubles. */
export function logStart(s: number): number {
  return 2 * LOG_ENTRIES * s;
}
