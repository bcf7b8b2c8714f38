/**
 * Time-axis labels, remembered. Chart.js formats every tick of a time axis through its date
 * adapter (date-fns) on each update, and the dashboard's charts update every frame: in the
 * full dashboard's trace date-fns' `format` took 2–4 % of the page's main thread
 * (docs/PERFORMANCE.md, "Where a frame goes"), for the same few dozen labels over and over.
 */
import { _adapters, type DateAdapter } from 'chart.js';

/** Labels kept at most; the cache starts afresh when full (a zoomed-out axis has ~10 a chart). */
export const MAX_REMEMBERED_LABELS = 2_000;

type Format = DateAdapter['format'];

/**
 * `format` with its labels remembered by format string and time. The dashboard gives the date
 * adapter no options (no locale), so a label depends on those two alone.
 */
export function rememberedLabels(format: Format): Format {
  let labels = new Map<string, string>();
  return function (this: DateAdapter, timestamp: number, pattern: string): string {
    const key = `${pattern}|${timestamp}`;
    let label = labels.get(key);
    if (label === undefined) {
      if (labels.size >= MAX_REMEMBERED_LABELS) labels = new Map();
      label = format.call(this, timestamp, pattern);
      labels.set(key, label);
    }
    return label;
  };
}

let done = false;

/** Makes Chart.js's date adapter remember the labels it formats (once). */
export function rememberTimeLabels(): void {
  if (done) return;
  done = true;
  const adapter = (_adapters._date as unknown as { prototype: DateAdapter }).prototype;
  _adapters._date.override({ format: rememberedLabels(adapter.format) });
}
