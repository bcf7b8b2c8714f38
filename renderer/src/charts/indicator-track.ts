/**
 * Follows a bar ring and keeps each indicator's lines as Chart.js points: closed bars are folded
 * in once (push), the bar still forming is re-read every draw (peek), so a draw costs O(new bars)
 * whatever the history. A ring that was cleared, reloaded or cut back (snapshot, seek) starts
 * the indicators over from what it holds.
 */
import type { ColumnarRing } from '../../../shared/columnar-ring';
import type { IndicatorSpec } from '../../../protocol/chart-setup';
import { BAR } from '../state/series-store';
import type { Indicator, IndicatorInput } from './indicator-contract';
import { createIndicator } from './indicators';
import type { XY } from './streaming';

/** Drop points from a line's front once this many are beyond what it keeps. */
const TRIM_CHUNK = 256;

/** One indicator's lines, as drawn. */
export interface TrackedIndicator {
  readonly spec: IndicatorSpec;
  readonly lines: XY[][];
}

export class IndicatorTrack {
  readonly tracked: readonly TrackedIndicator[];
  private readonly indicators: Indicator[];
  private generation = -1;
  /** Absolute ring index of the first bar not yet pushed (the forming bar, once caught up). */
  private committed = 0;
  private readonly out: number[] = [];

  constructor(
    specs: readonly IndicatorSpec[],
    private readonly intervalMs: number,
    /** Points kept per line: the ring's capacity is enough. */
    private readonly keep: number,
  ) {
    this.indicators = specs.map(createIndicator);
    this.tracked = specs.map((spec, i) => ({
      spec,
      lines: Array.from({ length: this.indicators[i]!.lines }, () => [] as XY[]),
    }));
  }

  /** Folds in what is new in `ring`. */
  update(ring: ColumnarRing): void {
    if (ring.generation !== this.generation || ring.end < this.committed) this.restart(ring);
    const closedEnd = ring.end - 1;
    for (let i = Math.max(this.committed, ring.start); i < closedEnd; i++) {
      this.dropTentative();
      this.apply(ring, i, true);
    }
    this.committed = Math.max(this.committed, closedEnd);
    this.dropTentative();
    if (ring.end > ring.start) this.apply(ring, ring.end - 1, false);
  }

  private restart(ring: ColumnarRing): void {
    this.generation = ring.generation;
    this.committed = ring.start;
    for (const ind of this.indicators) ind.reset();
    for (const t of this.tracked) for (const line of t.lines) line.length = 0;
    this.tentative = false;
  }

  /** Whether each line's last point is the forming bar's (replaced on the next update). */
  private tentative = false;

  private dropTentative(): void {
    if (!this.tentative) return;
    for (const t of this.tracked) for (const line of t.lines) line.pop();
    this.tentative = false;
  }

  private apply(ring: ColumnarRing, i: number, final: boolean): void {
    const t = ring.at(i, BAR.t);
    const p: IndicatorInput = {
      t,
      close: ring.at(i, BAR.c),
      typical: (ring.at(i, BAR.h) + ring.at(i, BAR.l) + ring.at(i, BAR.c)) / 3,
      volume: ring.at(i, BAR.v),
    };
    // Points sit where the candle is drawn: the middle of its period.
    const x = t + this.intervalMs / 2;
    this.indicators.forEach((ind, k) => {
      if (final) ind.push(p, this.out);
      else ind.peek(p, this.out);
      const lines = this.tracked[k]!.lines;
      lines.forEach((line, j) => {
        line.push({ x, y: this.out[j]! });
        if (final && line.length > this.keep + TRIM_CHUNK) line.splice(0, line.length - this.keep);
      });
    });
    this.tentative = !final;
  }
}
