/**
 * Live 1X2 odds of a match over match time (minutes). Home, draw and away differ by colour
 * and by dash pattern, so the lines stay distinguishable without colour vision. Each line keeps
 * one point per minute of match time (the latest odds in that minute: a goal's jump is a level
 * change, so it survives), so a match costs ~100 points per line however often the odds move.
 */
import { Chart, type Scale } from 'chart.js';
import { incidentMarkerPlugin, type IncidentMarker } from './incident-markers';
import type { ColumnarRing } from '../../../shared/columnar-ring';
import { clockRestarted } from '../state/match-view';
import { ODDS } from '../state/series-store';
import { oddsLabel, oddsPoint, oddsTicks } from './odds-ticks';
import type { Palette } from './palette';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import { streamingOptions, type XY } from './streaming';

const DASHES: readonly number[][] = [[], [5, 3], [1.5, 2.5]];
const LABELS = ['Home', 'Draw', 'Away'] as const;
const MS_PER_MIN = 60_000;
/** Match minutes per point: about 2 px of a card's chart over 95 minutes. */
const MINUTES_PER_POINT = 1;

export class OddsChart implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly chart: Chart<'line', XY[]>;
  private lines = newLines();
  private readTotal = 0;
  private lastClockMs = -Infinity;
  private generation = -1;
  private drawnVersion = -1;
  private markers: readonly IncidentMarker[] = [];

  constructor(
    canvas: HTMLCanvasElement,
    private readonly ring: ColumnarRing,
    palette: Palette,
  ) {
    registerCharts();
    this.element = canvas;
    const base = streamingOptions(palette);
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: this.lines.map((line, i) => ({
          label: LABELS[i],
          data: line,
          borderColor: palette.odds[i],
          borderDash: DASHES[i],
          borderWidth: 1.25,
        })),
      },
      plugins: [incidentMarkerPlugin(() => this.markers, palette)],
      options: {
        ...base,
        scales: {
          x: {
            type: 'linear',
            min: 0,
            suggestedMax: 90,
            grid: { color: palette.grid },
            border: { display: false },
            ticks: { color: palette.text, stepSize: 15, callback: (v) => `${v}'` },
          },
          // Log scale: a 1.05 favourite and a 40.0 outsider both stay readable.
          y: {
            type: 'logarithmic',
            position: 'right',
            min: 1,
            grid: { color: palette.grid },
            border: { display: false },
            // Round odds only, as many as the chart's height has room for.
            afterBuildTicks: (axis: Scale) => {
              axis.ticks = oddsTicks(axis.min, axis.max, axis.height).map((value) => ({ value }));
            },
            ticks: { color: palette.text, autoSkip: false, callback: oddsLabel },
          },
        },
      },
    });
  }

  /** The Chart.js chart, for the crosshair's pixel-to-value mapping. */
  get chartJs(): Chart {
    return this.chart as unknown as Chart;
  }

  /** Redraws on the next frame even if no data changed. */
  invalidate(): void {
    this.drawnVersion = -1;
  }

  setPalette(p: Palette): void {
    this.chart.data.datasets.forEach((ds, i) => (ds.borderColor = p.odds[i]));
    for (const scale of [this.chart.options.scales!.x!, this.chart.options.scales!.y!]) {
      scale.grid = { ...scale.grid, color: p.grid };
      scale.ticks = { ...scale.ticks, color: p.text };
    }
    this.invalidate();
  }

  draw(): boolean {
    const ring = this.ring;
    if (ring.generation === this.generation && ring.version === this.drawnVersion) return false;
    if (ring.generation !== this.generation) {
      this.restart();
      this.generation = ring.generation;
      this.readTotal = ring.start;
    }
    for (let i = Math.max(this.readTotal, ring.start); i < ring.end; i++) {
      const clockMs = ring.at(i, ODDS.clockMs);
      if (clockRestarted(this.lastClockMs, clockMs)) this.restart();
      this.lastClockMs = clockMs;
      const x = clockMs / MS_PER_MIN;
      addPoint(this.lines[0], x, oddsPoint(ring.at(i, ODDS.home)));
      addPoint(this.lines[1], x, oddsPoint(ring.at(i, ODDS.draw)));
      addPoint(this.lines[2], x, oddsPoint(ring.at(i, ODDS.away)));
    }
    this.readTotal = ring.end;
    this.chart.update('none');
    this.drawnVersion = ring.version;
    return true;
  }

  /** Marks these goals and red cards from the next frame on. */
  setMarkers(markers: readonly IncidentMarker[]): void {
    this.markers = markers;
    this.drawnVersion = -1; // drawn again even if no odds moved
  }

  /** Starts empty lines (a new match, or a cleared ring). */
  private restart(): void {
    this.lines = newLines();
    this.lastClockMs = -Infinity;
    this.chart.data.datasets.forEach((ds, i) => (ds.data = this.lines[i]!));
  }

  destroy(): void {
    this.chart.destroy();
  }
}

function newLines(): [XY[], XY[], XY[]] {
  return [[], [], []];
}

/** Appends a point, or moves the last one when it falls in the same minute. */
function addPoint(line: XY[], x: number, y: number): void {
  const last = line[line.length - 1];
  if (last && Math.floor(last.x / MINUTES_PER_POINT) === Math.floor(x / MINUTES_PER_POINT)) {
    last.x = x;
    last.y = y;
  } else {
    line.push({ x, y });
  }
}
