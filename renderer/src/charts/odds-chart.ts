/**
 * Live 1X2 odds of a match over match time (minutes). Home, draw and away differ by colour
 * and by dash pattern, so the lines stay distinguishable without colour vision.
 */
import { Chart } from 'chart.js';
import type { SeriesRing } from '../state/ring-buffer';
import { ODDS } from '../state/series-store';
import type { Palette } from './palette';
import { registerCharts } from './register';
import type { Drawable } from './scheduler';
import { streamingOptions, type XY } from './streaming';

const DASHES: readonly number[][] = [[], [5, 3], [1.5, 2.5]];
const LABELS = ['Home', 'Draw', 'Away'] as const;
const MS_PER_MIN = 60_000;
/**
 * A match clock this many minutes behind the last point means a new match (the simulator's
 * rematches, a feed reusing an id); smaller steps back are the second half starting at 45'
 * after first-half stoppage time.
 */
const NEW_MATCH_STEP_BACK_MIN = 30;
/** Odds labelled on the log axis. */
const ODDS_TICKS = new Set([1, 1.5, 2, 3, 5, 10, 20, 50, 100]);

export class OddsChart implements Drawable {
  readonly element: HTMLCanvasElement;
  private readonly chart: Chart<'line', XY[]>;
  private readonly lines: [XY[], XY[], XY[]] = [[], [], []];
  private readTotal = 0;
  private generation = -1;
  private drawnVersion = -1;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly ring: SeriesRing,
    palette: Palette,
  ) {
    registerCharts();
    this.element = canvas;
    const base = streamingOptions(palette);
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: this.lines.map((data, i) => ({
          label: LABELS[i],
          data,
          borderColor: palette.odds[i],
          borderDash: DASHES[i],
          borderWidth: 1.25,
        })),
      },
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
            ticks: {
              color: palette.text,
              maxTicksLimit: 5,
              autoSkip: true,
              callback: (v) => (ODDS_TICKS.has(Number(v)) ? String(v) : ''),
            },
          },
        },
      },
    });
  }

  draw(): boolean {
    const ring = this.ring;
    if (ring.generation === this.generation && ring.version === this.drawnVersion) return false;
    if (ring.generation !== this.generation) {
      for (const l of this.lines) l.length = 0;
      this.generation = ring.generation;
      this.readTotal = ring.first;
    }
    for (let i = Math.max(this.readTotal, ring.first); i < ring.total; i++) {
      const x = ring.get(ODDS.clockMs, i) / MS_PER_MIN;
      const lastX = this.lines[0].at(-1)?.x ?? x;
      if (x < lastX - NEW_MATCH_STEP_BACK_MIN) for (const l of this.lines) l.length = 0;
      this.lines[0].push({ x, y: ring.get(ODDS.home, i) });
      this.lines[1].push({ x, y: ring.get(ODDS.draw, i) });
      this.lines[2].push({ x, y: ring.get(ODDS.away, i) });
    }
    this.readTotal = ring.total;
    // The lines mirror the ring: points the ring has overwritten leave the chart too, so a
    // dashboard left open for days holds a bounded history.
    const excess = this.lines[0].length - (ring.total - ring.first);
    if (excess > 0) for (const l of this.lines) l.splice(0, excess);
    this.chart.update('none');
    this.drawnVersion = ring.version;
    return true;
  }

  destroy(): void {
    this.chart.destroy();
  }
}
