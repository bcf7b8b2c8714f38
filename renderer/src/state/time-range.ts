/**
 * The chart interval picker's choices: each pairs the time shown with the candle size, so the
 * two cannot be confused (they were two unlabelled button groups that both said "1m").
 */
import type { BarIntervalMs } from '../../../protocol/batch';
import type { ChartWindowMin } from '../../../protocol/ipc';

export interface TimeRangeChoice {
  readonly windowMin: ChartWindowMin;
  readonly barIntervalMs: BarIntervalMs;
}

/** The offered pairs: candles of a size that fills the window with 15 to 180 bars. */
export const TIME_RANGE_CHOICES: readonly TimeRangeChoice[] = [
  { windowMin: 1, barIntervalMs: 1_000 },
  { windowMin: 5, barIntervalMs: 5_000 },
  { windowMin: 15, barIntervalMs: 5_000 },
  { windowMin: 15, barIntervalMs: 60_000 },
];

const BAR_WORDS: Record<BarIntervalMs, string> = {
  1_000: '1-second',
  5_000: '5-second',
  60_000: '1-minute',
};

/** "Last 5 min · 5-second candles". */
export function timeRangeLabel(c: TimeRangeChoice): string {
  return `Last ${c.windowMin} min · ${BAR_WORDS[c.barIntervalMs]} candles`;
}

const BAR_SHORT: Record<BarIntervalMs, string> = {
  1_000: '1s',
  5_000: '5s',
  60_000: '1m',
};

/**
 * "5m · 5s": the words shown in the picker, short enough for the charts head to keep one
 * row at 1366 px (bug 241: "Last 5 min · 5-second candles" took 200 px and a row of its own);
 * the option's accessible name and tooltip keep {@link timeRangeLabel}'s.
 */
export function timeRangeShort(c: TimeRangeChoice): string {
  return `${c.windowMin}m · ${BAR_SHORT[c.barIntervalMs]}`;
}

/** A stable option value for a pair. */
export function timeRangeValue(c: TimeRangeChoice): string {
  return `${c.windowMin}m/${c.barIntervalMs}ms`;
}

/**
 * The choices to list: the offered pairs, plus the current one when saved settings hold a pair
 * not offered (so the picker always shows what the charts show).
 */
export function timeRangeOptions(current: TimeRangeChoice): readonly TimeRangeChoice[] {
  const known = TIME_RANGE_CHOICES.some(
    (c) => c.windowMin === current.windowMin && c.barIntervalMs === current.barIntervalMs,
  );
  return known ? TIME_RANGE_CHOICES : [...TIME_RANGE_CHOICES, current];
}
