/**
 * The bar open at a replay's new position, rebuilt from what is held before it. A seek back
 * drops the bar open at the position, since it carries trades from after it (keepBarsUpTo,
 * market-bars.ts); paused there, the candle pane had no candle up to the position while the
 * tape listed the trades before it (bug 192). The bar up to the position is the fold of what
 * the shorter intervals' closed bars and the tape hold of its span: the closed bars of the
 * longest shorter interval that holds the span's start, then the same for the rest of the
 * span, down to the tape's trades for its last part (under a second).
 *
 * A source is used only where it holds every row of its part: a ring whose oldest rows were
 * pushed out after that part began does not. A trade in the tape keeps its price and size, not
 * the extremes a conflated trade reports, so the last part of a second may lack those. A bar
 * the engine cannot rebuild so (a seek back further than its rings reach) is taken from the
 * recording on disk when the replay was opened in the app ({@link SeekBars}); else it stays
 * dropped until playback opens it again.
 */
import type { ColumnarRing } from '../../shared/columnar-ring';
import { TAPE_PRICE, TAPE_SIZE, TAPE_T } from './depth-state';
import { BAR_C, BAR_COLUMNS, BAR_H, BAR_L, BAR_O, BAR_T, BAR_V, type Bars } from './market-bars';

/**
 * The bars open at a replay's seek target, rebuilt from the recording on disk by the host that
 * opened it (main/host/replay-bars.ts, bug 233), for the seek to take where the engine's own
 * rings no longer reach: per instrument (the replay server's ids), per interval of
 * protocol/batch.ts's `BAR_INTERVALS_MS`, the bar's columns in the ring's order, or null where
 * nothing traded in it up to the target.
 */
export interface SeekBars {
  /** The seek target, clamped to the recording, as the server's `seeked` state reports it. */
  readonly position: number;
  readonly bars: Readonly<Record<string, readonly (readonly number[] | null)[]>>;
  /**
   * Per instrument, per interval: the closed bars before the one open at the target, as far
   * back as the read reached, oldest first (bug 266: sought far back, the charts showed no
   * closed candle before the cursor).
   */
  readonly closed?: Readonly<Record<string, readonly (readonly (readonly number[])[])[]>>;
  /** Per instrument: its last trades up to the target, oldest first, in the tape's columns. */
  readonly trades?: Readonly<Record<string, readonly (readonly number[])[]>>;
  /** Per instrument: its price series' points up to the target, oldest first, [time, price]. */
  readonly points?: Readonly<Record<string, readonly (readonly number[])[]>>;
}

/** One instrument's part of {@link SeekBars}. */
export interface SeekMarket {
  readonly open?: readonly (readonly number[] | null)[];
  readonly closed?: readonly (readonly (readonly number[])[])[];
  readonly trades?: readonly (readonly number[])[];
  readonly points?: readonly (readonly number[])[];
}

/** Instrument `id`'s part of `s`, if any. */
export function seekMarket(s: SeekBars | undefined, id: string): SeekMarket | undefined {
  return (
    s && {
      open: s.bars[id],
      closed: s.closed?.[id],
      trades: s.trades?.[id],
      points: s.points?.[id],
    }
  );
}

/**
 * Appends to `ring` the `rows` newer than its newest row and before `before` (by column 0,
 * time), each of `columns` finite numbers in time order; others are skipped. A ring a seek left
 * short of the target so reaches it from what the recording holds, and one that reaches it
 * already takes nothing twice.
 */
export function appendNewer(
  ring: ColumnarRing,
  rows: readonly (readonly number[])[] | undefined,
  columns: number,
  before: number,
): void {
  for (const row of rows ?? []) {
    if (row.length !== columns || !row.every(Number.isFinite) || row[0]! >= before) continue;
    if (ring.length > 0 && row[0]! <= ring.last(0)) continue;
    ring.push(row[0]!, row[1], row[2], row[3], row[4], row[5]);
  }
}

/** `row` when it is the bar of `intervalMs` open at `t` (six finite columns), else null. */
export function seekBarAt(
  row: readonly number[] | null | undefined,
  intervalMs: number,
  t: number,
): number[] | null {
  if (!row || row.length !== BAR_COLUMNS || !row.every(Number.isFinite)) return null;
  return row[BAR_T] === t - (t % intervalMs) ? [...row] : null;
}

/** Open, high, low, close and volume of the parts folded so far. */
class BarFold {
  o = NaN;
  h = -Infinity;
  l = Infinity;
  c = NaN;
  v = 0;
  parts = 0;

  add(o: number, h: number, l: number, c: number, v: number): void {
    if (this.parts++ === 0) this.o = o;
    this.h = Math.max(this.h, h);
    this.l = Math.min(this.l, l);
    this.c = c;
    this.v += v;
  }
}

/**
 * The bar of `bars[k]` open at time `t`, its columns in the ring's order, from the closed bars
 * of the shorter intervals (`bars[0..k-1]`, each dividing the next) and `tape`, all already cut
 * to what came up to `t`; null when nothing traded in it or what is held does not cover it.
 */
export function barUpTo(
  bars: readonly Bars[],
  k: number,
  tape: ColumnarRing,
  t: number,
): number[] | null {
  const start = t - (t % bars[k]!.intervalMs);
  const fold = new BarFold();
  if (!foldFrom(start, t, bars.slice(0, k), tape, fold) || fold.parts === 0) return null;
  return [start, fold.o, fold.h, fold.l, fold.c, fold.v];
}

/** Folds what was traded in [from, t]; false when no source held all of it. */
function foldFrom(
  from: number,
  t: number,
  shorter: readonly Bars[],
  tape: ColumnarRing,
  fold: BarFold,
): boolean {
  for (let j = shorter.length - 1; j >= 0; j--) {
    const { ring, intervalMs } = shorter[j]!;
    // Bars of this interval starting before `to` closed by `t`, and the seek kept them.
    const to = t - (t % intervalMs);
    if (to <= from || !holdsFrom(ring, from, true)) continue;
    for (let i = ring.lowerBound(from), end = ring.lowerBound(to); i < end; i++)
      fold.add(
        ring.at(i, BAR_O),
        ring.at(i, BAR_H),
        ring.at(i, BAR_L),
        ring.at(i, BAR_C),
        ring.at(i, BAR_V),
      );
    return foldFrom(to, t, shorter.slice(0, j), tape, fold);
  }
  if (!holdsFrom(tape, from, false)) return false;
  for (let i = tape.lowerBound(from); i < tape.end; i++) {
    const price = tape.at(i, TAPE_PRICE);
    fold.add(price, price, price, price, tape.at(i, TAPE_SIZE));
  }
  return true;
}

/**
 * True when `ring` holds every row from time `from` on: none was ever pushed out, or its
 * oldest is before `from`. `oneAtATime`: rows have distinct times (bars), so an oldest row at
 * `from` is its only one; trades may share a time, and one pushed out may have had it.
 */
function holdsFrom(ring: ColumnarRing, from: number, oneAtATime: boolean): boolean {
  if (ring.start === 0) return true;
  if (ring.length === 0) return false;
  const oldest = ring.at(ring.start, oneAtATime ? BAR_T : TAPE_T);
  return oneAtATime ? oldest <= from : oldest < from;
}
