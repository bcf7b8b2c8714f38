/**
 * The evaluator's table of rows (alert-row-layout.ts): a row made for an instrument's rule
 * index, its memory grown, and given back, and the numbers in it that the rules write when
 * they are set up, fire, re-arm or are seeded. The tick that reads them is AlertRows', which
 * extends this class (one object to V8, as before the split); nothing here runs on a tick that
 * fires nothing.
 */
import * as layout from './alert-row-layout';
import type { PriceAt } from './alert-row-layout';
import { ExtremaRings } from './extrema-rings';
import type { InstrumentAlerts } from './instrument-alerts';
import type { SumWindows } from './sum-windows';
import { logStart, writeOut } from './price-log';
import type { ExtremaWindows } from './tick-windows';

// The layout's offsets as this module's own constants, as in alert-rows.ts (why there).
const { BAND_HIGH, BAND_LOW, CLOCK, HIGH, LAST, LOG, LOW, MID, PREV } = layout;
const { REARM_AT, SPREAD_LEAST, STRIDE, WINDOWS } = layout;

export class AlertRowTable {
  /** Every row's window rings. */
  readonly rings = new ExtremaRings();
  protected buf = new Float64Array(STRIDE * 64);
  /** The same memory as `buf`, for the logs' counts and starts. */
  protected ints = new Int32Array(this.buf.buffer);
  /** The price logs (price-log.ts) of the prices with move windows, a slot each. */
  protected log = new Float64Array(logStart(64));
  private logSlots = 0;
  private readonly freeLogs: number[] = [];
  /**
   * Row r's windows at WINDOWS * r + (0 last highs, 1 last lows, 2 mid highs, 3 mid lows): the
   * handles the rules use when a window may fire; a tick pushes by the row's offsets.
   */
  protected readonly windows: (ExtremaWindows | null)[] = [];
  protected readonly volumes: (SumWindows | null)[] = [];
  protected readonly indexes: (InstrumentAlerts | null)[] = [];
  private readonly free: number[] = [];

  /** A row for `index`, with no price yet and nothing to fire. */
  add(index: InstrumentAlerts): number {
    const r = this.free.pop() ?? this.indexes.length;
    if (r === this.indexes.length) {
      this.indexes.push(null);
      this.volumes.push(null);
      for (let k = 0; k < WINDOWS; k++) this.windows.push(null);
    }
    if (STRIDE * (r + 1) > this.buf.length) {
      const next = new Float64Array(2 * this.buf.length);
      next.set(this.buf);
      this.buf = next;
      this.ints = new Int32Array(next.buffer);
    }
    this.indexes[r] = index;
    this.resetClock(r);
    this.setRearmAt(r, Infinity);
    this.setSpreadLeast(r, Infinity);
    for (const p of [MID, LAST] as const) {
      this.setPrev(r, p, NaN);
      // No rules on a price yet: every move is quiet (its PriceRules narrows this when made).
      this.setBand(r, p, -Infinity, Infinity);
      this.setReach(r, p, Infinity, -Infinity);
      this.ints[2 * (STRIDE * r + p + LOG)] = -1;
      this.setWindows(r, p, null, null);
    }
    return r;
  }

  /** Gives back row `r` (its index left the rule list). */
  release(r: number): void {
    this.indexes[r] = null;
    this.volumes[r] = null;
    for (let k = 0; k < WINDOWS; k++) {
      const windows = this.windows[WINDOWS * r + k];
      if (windows) this.rings.release(windows.at);
    }
    for (const p of [MID, LAST] as const) this.setWindows(r, p, null, null);
    this.free.push(r);
  }

  /**
   * Price `p`'s windows (their rings in `rings`), and a log for its ticks while it has any;
   * call again after a ring gains a window.
   */
  setWindows(r: number, p: PriceAt, highs: ExtremaWindows | null, lows: ExtremaWindows | null) {
    const w = WINDOWS * r + (p === LAST ? 0 : 2);
    this.windows[w] = highs;
    this.windows[w + 1] = lows;
    const count = 2 * (STRIDE * r + p + LOG);
    const logged = (this.ints[count] as number) >= 0;
    if (logged && !highs && !lows) {
      this.freeLogs.push(this.ints[count + 1] as number);
      this.ints[count] = -1;
    } else if (!logged && (highs || lows)) {
      this.ints[count + 1] = this.freeLogs.pop() ?? this.newLog();
      this.ints[count] = 0;
    }
  }

  /** A new log's start, the array grown to hold it. */
  private newLog(): number {
    const at = logStart(this.logSlots++);
    if (logStart(this.logSlots) > this.log.length) {
      const log = new Float64Array(2 * this.log.length);
      log.set(this.log);
      this.log = log;
    }
    return at;
  }

  /** Pushes price `p`'s logged ticks into its windows and empties its log. */
  writeOutLog(r: number, p: PriceAt): void {
    const count = 2 * (STRIDE * r + p + LOG);
    const n = this.ints[count] as number;
    if (n <= 0) return;
    const at = this.ints[count + 1] as number;
    const w = WINDOWS * r + (p === LAST ? 0 : 2);
    const highs = this.windows[w];
    const lows = this.windows[w + 1];
    if (highs) writeOut(highs, this.log, at, n, 1);
    if (lows) writeOut(lows, this.log, at, n, -1);
    this.ints[count] = 0;
  }

  /** Forgets price `p`'s logged ticks (a new series). */
  dropLog(r: number, p: PriceAt): void {
    const count = 2 * (STRIDE * r + p + LOG);
    if ((this.ints[count] as number) > 0) this.ints[count] = 0;
  }

  setVolumes(r: number, volumes: SumWindows): void {
    this.volumes[r] = volumes;
  }

  resetClock(r: number): void {
    this.buf[STRIDE * r + CLOCK] = -Infinity;
  }

  setRearmAt(r: number, at: number): void {
    this.buf[STRIDE * r + REARM_AT] = at;
  }

  setSpreadLeast(r: number, least: number): void {
    this.buf[STRIDE * r + SPREAD_LEAST] = least;
  }

  setPrev(r: number, p: PriceAt, v: number): void {
    this.buf[STRIDE * r + p + PREV] = v;
  }

  /** The quiet band (low, high) of price `p`: a price strictly inside fires no rule. */
  setBand(r: number, p: PriceAt, low: number, high: number): void {
    this.buf[STRIDE * r + p + BAND_LOW] = low;
    this.buf[STRIDE * r + p + BAND_HIGH] = high;
  }

  /** The highest and lowest prices the band was set from: a price past them sets it again. */
  setReach(r: number, p: PriceAt, high: number, low: number): void {
    this.buf[STRIDE * r + p + HIGH] = high;
    this.buf[STRIDE * r + p + LOW] = low;
  }
}
