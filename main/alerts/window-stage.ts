/**
 * A staging log per price of each indexed instrument, in front of its window highs and lows
 * (ExtremaRings): a tick appends (ts, value) to its price's block here and raises or lowers the
 * block's running high and low, and the rings take the staged entries, in order, in one pass
 * only when the log is full or when a rule may fire. A ring's push reads its header (two lines,
 * wherever the allocator put the array) and its tail; a staged tick writes one block of 128
 * bytes, which also holds the numbers that judge it, so most ticks reach no ring at all.
 *
 * Exact: the block's high is the rings' bound when they last took the log, raised by every
 * value staged since, so it is at least every window's highest (the low at most every window's
 * lowest), and a move from it that cannot reach the lowest threshold cannot fire (the same
 * judgement as ExtremaRings.mayReach, on a bound at least as high). The rings see the same
 * pushes in the same order as without the log, and every extreme is asked for only after they
 * took it, so every extreme and every fire is the same.
 */
import type { ExtremaRings } from './extrema-rings';
import type { ExtremaWindows } from './tick-windows';

/** A block's numbers: its fields, then LOG_ENTRIES (ts, value) pairs. */
const HIGHS = 0; // the highs' offset in the rings (-1: none)
const LOWS = 1;
const STAGED = 2; // entries in the log
const HIGH = 3; // at least every highs window's highest
const DROP_LEAST = 4; // the highs' lowest threshold (Infinity: none)
const LOW = 5;
const RISE_LEAST = 6;
const LOG = 8;
const LOG_ENTRIES = 4;
const BLOCK = LOG + 2 * LOG_ENTRIES;

/** What {@link WindowStage.push} found may fire. */
export const MAY_DROP = 1;
export const MAY_RISE = 2;

export class WindowStage {
  private buf = new Float64Array(BLOCK * 64);
  /** Block s's windows at 2 s (highs) and 2 s + 1 (lows): the handles the rules use. */
  private readonly windows: (ExtremaWindows | null)[] = [];

  constructor(private readonly rings: ExtremaRings) {}

  /** Block `s` with no windows, staged entries or thresholds. */
  reset(s: number): void {
    if (BLOCK * (s + 1) > this.buf.length) {
      let length = this.buf.length;
      while (BLOCK * (s + 1) > length) length *= 2;
      const next = new Float64Array(length);
      next.set(this.buf);
      this.buf = next;
    }
    while (this.windows.length < 2 * (s + 1)) this.windows.push(null);
    this.setWindows(s, null, null);
    this.setLeasts(s, Infinity, Infinity);
    this.clear(s);
  }

  /** Gives block `s`'s rings back. */
  release(s: number): void {
    for (const w of [2 * s, 2 * s + 1]) {
      const windows = this.windows[w];
      if (windows) this.rings.release(windows.at);
      this.windows[w] = null;
    }
  }

  /** The price's windows; call again after a ring gains a window (after {@link fold}). */
  setWindows(s: number, highs: ExtremaWindows | null, lows: ExtremaWindows | null): void {
    this.windows[2 * s] = highs;
    this.windows[2 * s + 1] = lows;
    this.buf[BLOCK * s + HIGHS] = highs ? highs.at : -1;
    this.buf[BLOCK * s + LOWS] = lows ? lows.at : -1;
  }

  handle(s: number, which: typeof MAY_DROP | typeof MAY_RISE): ExtremaWindows {
    return this.windows[2 * s + (which === MAY_DROP ? 0 : 1)] as ExtremaWindows;
  }

  /** The windows' lowest thresholds, as their rings hold them. */
  setLeasts(s: number, drop: number, rise: number): void {
    this.buf[BLOCK * s + DROP_LEAST] = drop;
    this.buf[BLOCK * s + RISE_LEAST] = rise;
  }

  /** Drops the staged entries (the rings were cleared: a new series). */
  clear(s: number): void {
    const b = BLOCK * s;
    this.buf[b + STAGED] = 0;
    this.buf[b + HIGH] = -Infinity;
    this.buf[b + LOW] = Infinity;
  }

  /**
   * Stages `v` at `ts`; 0 when no window can fire, else MAY_DROP and/or MAY_RISE, after the
   * rings took the log. The rings take it too when it is full.
   */
  push(s: number, ts: number, v: number): number {
    const buf = this.buf;
    const b = BLOCK * s;
    const highs = buf[b + HIGHS] as number;
    const lows = buf[b + LOWS] as number;
    if (highs < 0 && lows < 0) return 0;
    const n = buf[b + STAGED] as number;
    buf[b + LOG + 2 * n] = ts;
    buf[b + LOG + 2 * n + 1] = v;
    buf[b + STAGED] = n + 1;
    let may = 0;
    if (highs >= 0) {
      const high = Math.max(buf[b + HIGH] as number, v);
      buf[b + HIGH] = high;
      if (mayMove(high, v, buf[b + DROP_LEAST] as number, 1)) may = MAY_DROP;
    }
    if (lows >= 0) {
      const low = Math.min(buf[b + LOW] as number, v);
      buf[b + LOW] = low;
      if (mayMove(low, v, buf[b + RISE_LEAST] as number, -1)) may |= MAY_RISE;
    }
    if (may !== 0 || n + 1 === LOG_ENTRIES) this.fold(s);
    return may;
  }

  /** The rings take the staged entries, oldest first; the block's high and low are theirs again. */
  fold(s: number): void {
    const buf = this.buf;
    const b = BLOCK * s;
    const n = buf[b + STAGED] as number;
    buf[b + STAGED] = 0;
    this.foldInto(s, HIGHS, n);
    this.foldInto(s, LOWS, n);
    this.refresh(s);
  }

  /** The ring of `which` (HIGHS or LOWS) takes the first `n` entries of block `s`'s log. */
  private foldInto(s: number, which: typeof HIGHS | typeof LOWS, n: number): void {
    const buf = this.buf;
    const b = BLOCK * s;
    const o = buf[b + which] as number;
    if (o < 0) return;
    let at = o;
    for (let i = 0; i < n; i++)
      at = this.rings.push(at, buf[b + LOG + 2 * i] as number, buf[b + LOG + 2 * i + 1] as number);
    if (at === o) return;
    // The ring grew into a new region: the block and the handle follow it.
    buf[b + which] = at;
    (this.windows[2 * s + (which === HIGHS ? 0 : 1)] as ExtremaWindows).at = at;
  }

  /** Takes the rings' bounds again (a settle, asked for by an extreme, may have lowered them). */
  refresh(s: number): void {
    const buf = this.buf;
    const b = BLOCK * s;
    const highs = buf[b + HIGHS] as number;
    const lows = buf[b + LOWS] as number;
    buf[b + HIGH] = highs >= 0 ? this.rings.bound(highs) : -Infinity;
    buf[b + LOW] = lows >= 0 ? this.rings.bound(lows) : Infinity;
  }
}

/**
 * False when no window's move to `v` from `bound` (a fall from the highs' bound, sign 1; a
 * rise from the lows', sign -1) reaches `least`; as ExtremaRings.mayReach judges it.
 */
function mayMove(bound: number, v: number, least: number, sign: 1 | -1): boolean {
  if (least === Infinity) return false;
  if (!(bound > 0 && bound < Infinity && v > 0)) return true;
  const pct = sign === 1 ? ((bound - v) / bound) * 100 : ((v - bound) / bound) * 100;
  return pct + 1e-9 >= least;
}
