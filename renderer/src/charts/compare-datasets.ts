/**
 * The compare chart's lines as Chart.js datasets: one a compared instrument, told apart by
 * colour and dash so they stay apart without colour vision, and with two or more the spread of
 * the second over the first on its own axis. A line whose source is not live is grey (and so is
 * the spread it takes part in), while the lines of live sources keep their colours.
 */
import type { ChartDataset } from 'chart.js';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { PRICE } from '../state/series-store';
import type { Palette } from './palette';
import { spreadLabel, spreadUnit } from './spread-unit';
import type { CompareMode } from './compare-options';
import type { XY } from './streaming';
import type { TimeRange } from './time-window';

/** Okabe–Ito colours after the theme's own line colour; readable on both themes. */
const COLOURS = ['#e69f00', '#009e73', '#cc79a7'];
const DASHES: readonly number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

/** The spread line's colour: apart from the instruments' own. */
const SPREAD_COLOUR = '#d55e00';

/** One compared instrument: its id (the legend), its price ring, and why it is old, if it is. */
export interface Compared {
  readonly id: string;
  readonly ring: ColumnarRing;
  /** Why the data is old (the source is not live, or the instrument halted), or null. */
  readonly stale: string | null;
}

/**
 * The datasets of `compared`, without data: a line each, then the spread with two or more. A
 * spread in pp drawn over lines in % is on their axis, where it is the gap between them: on an
 * axis of its own beside theirs, "+0.10 pp" and "+0.10 %" stood at different heights (bug 189).
 */
export function compareDatasets(
  compared: readonly Compared[],
  palette: Palette,
  mode: CompareMode = 'percent',
): ChartDataset<'line', XY[]>[] {
  const datasets: ChartDataset<'line', XY[]>[] = compared.map((c, i) => ({
    label: c.stale ? `${c.id} (not live)` : c.id,
    data: [],
    borderColor: lineColour(compared, i, palette),
    borderDash: DASHES[i % DASHES.length],
    borderWidth: 1.25,
    spanGaps: false,
    yAxisID: 'y',
  }));
  if (compared.length >= 2) {
    const unit = spreadUnit(compared[0]!.id, compared[1]!.id);
    datasets.push({
      label: spreadLabel(unit, compared[0]!.id, compared[1]!.id),
      data: [],
      borderColor: spreadColour(compared, palette),
      borderDash: [1, 2],
      borderWidth: 1,
      spanGaps: false,
      yAxisID: unit === 'pp' && mode === 'percent' ? 'y' : 'spread',
    });
  }
  return datasets;
}

/**
 * Line `i`'s colour: the theme's grey text colour while its source is not live (old data,
 * not moves), else the theme's line colour or its own.
 */
export function lineColour(compared: readonly Compared[], i: number, palette: Palette): string {
  if (compared[i]?.stale) return palette.text;
  return i === 0 ? palette.line : COLOURS[(i - 1) % COLOURS.length]!;
}

/** The spread's colour: grey while either of its two lines is. */
export function spreadColour(compared: readonly Compared[], palette: Palette): string {
  const [a, b] = compared;
  return a?.stale || b?.stale ? palette.text : SPREAD_COLOUR;
}

/** True when `a` and `b` draw the same lines: the same instruments, rings and staleness. */
export function sameLines(a: readonly Compared[], b: readonly Compared[]): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => c.id === b[i]!.id && c.ring === b[i]!.ring && !c.stale === !b[i]!.stale)
  );
}

/**
 * Where the spread of the first two lines is drawn: to `range`'s end, or to the last price of a
 * side whose source is not live, after which that price no longer holds (the spread ran on
 * against it, moving with the live side alone); null when that is before the range.
 */
export function spreadRange(compared: readonly Compared[], range: TimeRange): TimeRange | null {
  let end = range.end;
  for (const c of compared.slice(0, 2))
    if (c.stale && c.ring.length > 0) end = Math.min(end, c.ring.last(PRICE.t));
  return end < range.start ? null : { start: range.start, end };
}
