import type { Chart, Plugin } from 'chart.js';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../protocol/feed';
import { describeMarkers, incidentMarkerPlugin, incidentMarkers } from './incident-markers';
import { PALETTES } from './palette';

const INCIDENTS: Incident[] = [
  { type: 'goal', team: 'home', clockMs: 23 * 60_000 },
  { type: 'yellow-card', team: 'away', clockMs: 30 * 60_000 },
  { type: 'red-card', team: 'away', clockMs: 40.5 * 60_000 },
  { type: 'substitution', team: 'home', clockMs: 60 * 60_000 },
  { type: 'goal', team: 'away', clockMs: 67 * 60_000 },
];

/** A chart whose x axis maps minute m to pixel 100 + 10 m, and a context that logs calls. */
function fakeChart() {
  const calls: string[] = [];
  const ctx = new Proxy(
    {},
    {
      get:
        (_t, name: string) =>
        (...args: number[]) =>
          calls.push(
            `${name}(${args.map((a) => (typeof a === 'number' ? Math.round(a) : a)).join(',')})`,
          ),
      set: (_t, name: string, value: unknown) => (calls.push(`${name}=${String(value)}`), true),
    },
  );
  const chart = {
    ctx,
    chartArea: { left: 100, right: 1_000, top: 10, bottom: 200 },
    scales: { x: { getPixelForValue: (m: number) => 100 + 10 * m } },
  };
  return { chart: chart as unknown as Chart<'line'>, calls };
}

/** Runs the plugin's drawing hook as Chart.js would after the lines (it reads only the chart). */
function drawWith(plugin: Plugin<'line'>, chart: Chart<'line'>): void {
  (plugin.afterDatasetsDraw as (chart: Chart<'line'>) => void)(chart);
}

describe('incident markers on the odds chart', () => {
  it('marks goals and red cards only, at their match minute', () => {
    expect(incidentMarkers(INCIDENTS)).toEqual([
      { type: 'goal', team: 'home', minute: 23 },
      { type: 'red-card', team: 'away', minute: 40.5 },
      { type: 'goal', team: 'away', minute: 67 },
    ]);
  });

  it('describes them in match order for a screen reader', () => {
    expect(describeMarkers(incidentMarkers([...INCIDENTS].reverse()))).toBe(
      "goals 23' home, 67' away; red card 40' away",
    );
    expect(describeMarkers([])).toBe('');
  });

  it('draws each marker at its minute: a dot for a goal, a card for a red card', () => {
    const { chart, calls } = fakeChart();
    const markers = incidentMarkers(INCIDENTS);
    drawWith(
      incidentMarkerPlugin(() => markers, PALETTES.dark),
      chart,
    );
    // Vertical lines at 100 + 10 × minute, down to the bottom of the plot.
    expect(calls.filter((c) => c.startsWith('lineTo'))).toEqual([
      'lineTo(330,200)',
      'lineTo(505,200)',
      'lineTo(770,200)',
    ]);
    expect(calls.filter((c) => c.startsWith('arc')).map((c) => c.split(',')[0])).toEqual([
      'arc(330',
      'arc(770',
    ]);
    expect(calls.filter((c) => c.startsWith('fillRect'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('fillRect'))[0]).toMatch(/^fillRect\(50[25],/);
    // Home in the home line's colour, away in the away line's: H and A beside the glyphs.
    expect(calls.filter((c) => c.startsWith('fillText')).map((c) => c.split(',')[0])).toEqual([
      'fillText(H',
      'fillText(A',
      'fillText(A',
    ]);
  });

  it('leaves out markers outside the plotted minutes', () => {
    const { chart, calls } = fakeChart();
    const late: Incident[] = [{ type: 'goal', team: 'home', clockMs: 120 * 60_000 }];
    drawWith(
      incidentMarkerPlugin(() => incidentMarkers(late), PALETTES.dark),
      chart,
    );
    expect(calls.some((c) => c.startsWith('arc'))).toBe(false);
  });
});
