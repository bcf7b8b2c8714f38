/**
 * Alert markers near one another on the chart drawn as one, with their count, and the crosshair's
 * words for such a group. An `every 0s` rule in a crash drew hundreds of triangles on one
 * another, a blob saying neither where nor how many (bug 249).
 */
import type { Chart } from 'chart.js';
import type { AlertMarker } from './alert-markers';
import type { Readout } from './readout';

/**
 * A marker within this many pixels across of a group's point joins it: room for a glyph and a
 * count of three digits beside the next group's.
 */
export const GROUP_X_PX = 24;
/** ... and within this many up or down: a glyph (13 px) and its count (10 px) on one side of its point. */
export const GROUP_Y_PX = 30;
/** A crosshair within this many pixels of a marker reads out its group. */
export const MARKER_PICK_PX = 6;

/** Markers drawn as one, at the newest's point. */
export interface MarkerGroup {
  readonly px: number;
  readonly py: number;
  readonly direction: AlertMarker['direction'];
  /** Newest first. */
  readonly markers: AlertMarker[];
}

/** A marker at its pixels. */
export interface PlacedMarker {
  readonly marker: AlertMarker;
  readonly px: number;
  readonly py: number;
}

/**
 * Groups `placed` (newest first): a marker joins the first group pointing its way whose point
 * is within {@link GROUP_X_PX} across and {@link GROUP_Y_PX} up or down, else starts one at its
 * own point. So no two groups of a direction are nearer than that. In cells of a fixed grid,
 * two groups either side of a cell's edge were drawn a pixel apart, their counts on one
 * another, as a quiet market's cents apart did all along its line (bug 254).
 */
export function groupMarkers(placed: Iterable<PlacedMarker>): MarkerGroup[] {
  const groups: MarkerGroup[] = [];
  for (const { marker, px, py } of placed) {
    const near = groups.find(
      (g) =>
        g.direction === marker.direction &&
        Math.abs(g.px - px) < GROUP_X_PX &&
        Math.abs(g.py - py) < GROUP_Y_PX,
    );
    if (near) near.markers.push(marker);
    else groups.push({ px, py, direction: marker.direction, markers: [marker] });
  }
  return groups;
}

/** The groups of the markers inside the chart's plot. */
export function markerGroups(
  chart: Pick<Chart, 'chartArea' | 'scales'>,
  markers: readonly AlertMarker[],
): MarkerGroup[] {
  const { chartArea: area, scales } = chart;
  const x = scales['x'];
  const y = scales['y'];
  if (!x || !y) return [];
  const placed: PlacedMarker[] = [];
  for (const marker of markers) {
    const px = x.getPixelForValue(marker.t);
    const py = y.getPixelForValue(marker.price);
    if (px >= area.left && px <= area.right && py >= area.top && py <= area.bottom)
      placed.push({ marker, px, py });
  }
  return groupMarkers(placed);
}

/**
 * The group holding the marker nearest the time `t`, if that lies within `toleranceMs` (the
 * time {@link MARKER_PICK_PX} pixels span), or null.
 */
export function groupNear(
  groups: readonly MarkerGroup[],
  t: number,
  toleranceMs: number,
): MarkerGroup | null {
  let best: MarkerGroup | null = null;
  let bestMs = toleranceMs;
  for (const g of groups)
    for (const m of g.markers) {
      const d = Math.abs(m.t - t);
      if (d <= bestMs) [best, bestMs] = [g, d];
    }
  return best;
}

/**
 * The crosshair's readout at `t`, with the group of a marker within {@link MARKER_PICK_PX}
 * pixels (`msPerPx` converts) added: how many alerts it holds and the newest's rule. It named
 * the newest alone, so a group's count was nowhere in words (bug 254).
 */
export function readoutWithAlert(
  readout: Readout | null,
  groups: readonly MarkerGroup[],
  t: number,
  msPerPx: number,
): Readout | null {
  const group = groupNear(groups, t, msPerPx * MARKER_PICK_PX);
  if (!group) return readout;
  const [newest] = group.markers as [AlertMarker];
  const count = group.markers.length;
  const words = `${newest.text} at ${newest.price}`;
  const alert = count === 1 ? `alert: ${words}` : `${count} alerts, the newest ${words}`;
  return readout
    ? { ...readout, text: `${readout.text}  ·  ${alert}` }
    : { t: newest.t, value: newest.price, text: alert };
}
