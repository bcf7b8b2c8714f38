/**
 * Goals and red cards on a match's odds chart, at the minute they happened: the moments that
 * explain the odds' jumps. A goal is a dot, a red card a small card (told apart by shape, not
 * only colour), each in its team's odds colour with the team's letter, over a faint line.
 */
import type { Chart, Plugin } from 'chart.js';
import type { Incident } from '../../../protocol/feed';
import type { Palette } from './palette';

/** An incident worth marking: it moves the odds. */
export interface IncidentMarker {
  readonly type: 'goal' | 'red-card';
  readonly team: 'home' | 'away';
  /** Match time, minutes: the odds chart's x axis. */
  readonly minute: number;
}

/** A red card's fill: the referee's card colour, whatever the theme. */
const CARD_RED = '#e03131';
const GLYPH_PX = 4;

/** The goals and red cards among `incidents`, in any order. */
export function incidentMarkers(incidents: readonly Incident[]): IncidentMarker[] {
  return incidents.flatMap((i) =>
    i.type === 'goal' || i.type === 'red-card'
      ? [{ type: i.type, team: i.team, minute: i.clockMs / 60_000 }]
      : [],
  );
}

/** Words for a screen reader: "goals 23' home, 67' away; red card 40' away". */
export function describeMarkers(markers: readonly IncidentMarker[]): string {
  const list = (type: IncidentMarker['type']) =>
    [...markers]
      .filter((m) => m.type === type)
      .sort((a, b) => a.minute - b.minute)
      .map((m) => `${Math.floor(m.minute)}' ${m.team}`);
  const goals = list('goal');
  const cards = list('red-card');
  return [
    goals.length > 0 ? `${goals.length === 1 ? 'goal' : 'goals'} ${goals.join(', ')}` : '',
    cards.length > 0 ? `${cards.length === 1 ? 'red card' : 'red cards'} ${cards.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** A plugin drawing the markers `current()` returns, after the odds lines. */
export function incidentMarkerPlugin(
  current: () => readonly IncidentMarker[],
  palette: Palette,
): Plugin<'line'> {
  return {
    id: 'incidentMarkers',
    afterDatasetsDraw(chart: Chart<'line'>) {
      const { ctx, chartArea: area, scales } = chart;
      const x = scales['x'];
      if (!x) return;
      ctx.save();
      for (const marker of current()) {
        const px = x.getPixelForValue(marker.minute);
        if (px < area.left || px > area.right) continue;
        const colour = marker.team === 'home' ? palette.odds[0] : palette.odds[2];
        ctx.strokeStyle = palette.grid;
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(px, area.top + GLYPH_PX * 2);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        ctx.fillStyle = marker.type === 'goal' ? colour : CARD_RED;
        const cy = area.top + GLYPH_PX;
        if (marker.type === 'goal') {
          ctx.beginPath();
          ctx.arc(px, cy, GLYPH_PX, 0, Math.PI * 2);
          ctx.fill();
        } else {
          ctx.fillRect(px - GLYPH_PX * 0.75, cy - GLYPH_PX, GLYPH_PX * 1.5, GLYPH_PX * 2);
        }
        ctx.fillStyle = colour;
        ctx.font = '9px sans-serif';
        ctx.textBaseline = 'middle';
        ctx.fillText(marker.team === 'home' ? 'H' : 'A', px + GLYPH_PX + 2, cy);
      }
      ctx.restore();
    },
  };
}
