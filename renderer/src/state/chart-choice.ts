/**
 * Which instruments the chart cells show: the saved ones the sources have, and the saved ones
 * they do not have (yet), each in a cell that says what it waits for. A saved choice is never
 * swapped for another instrument: a workspace whose instruments are gone used to chart the
 * feed's first one under its name.
 */
import { parseInstrumentName, REPLAY_SOURCE_NAME } from '../../../protocol/source-names';
import { CHART_GRIDS, type ChartGrid } from '../../../protocol/settings';

/** The chart cells' instruments, in cell order: charted first, then those awaited. */
export interface ChartChoice {
  readonly charted: readonly string[];
  readonly waiting: readonly string[];
}

/**
 * The saved instruments (`saved`) as far as `max` cells hold, each as the sources name it now:
 * `ACME` saved with one source is `sim:ACME` once there are several, and back (an instrument
 * is named by its source only beside others). Saved instruments of a closed replay are
 * dropped, not awaited. Nothing saved: the first instrument, so a new page charts something.
 */
export function chooseCharts(
  saved: readonly string[],
  marketIds: readonly string[],
  max: number,
): ChartChoice {
  const known = new Set(marketIds);
  const byBareId = new Map<string, string>();
  for (const id of marketIds) {
    const name = parseInstrumentName(id);
    if (name.ok && name.source !== null && name.source !== REPLAY_SOURCE_NAME)
      if (!byBareId.has(name.id)) byBareId.set(name.id, id);
  }
  const charted = new Set<string>();
  const waiting = new Set<string>();
  for (const id of saved) {
    if (known.has(id)) {
      charted.add(id);
      continue;
    }
    const name = parseInstrumentName(id);
    if (!name.ok || name.source === REPLAY_SOURCE_NAME) continue;
    const now = name.source === null ? byBareId.get(id) : known.has(name.id) ? name.id : undefined;
    if (now === undefined) waiting.add(id);
    else charted.add(now);
  }
  if (charted.size === 0 && waiting.size === 0)
    return { charted: marketIds.length > 0 ? [marketIds[0]!] : [], waiting: [] };
  const shown = [...charted].slice(0, max);
  return { charted: shown, waiting: [...waiting].slice(0, max - shown.length) };
}

/**
 * The grid the cells are laid out in: the smallest that holds `cells` (charted and awaited),
 * at most `room`, the grid the user chose. One instrument in the default room for two got half
 * the panel beside a hint (bug 197); a room's spare cells show only where the grid needs them.
 */
export function shownGrid(room: ChartGrid, cells: number): ChartGrid {
  return CHART_GRIDS.find((g) => g >= cells && g <= room) ?? room;
}
