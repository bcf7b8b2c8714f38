/**
 * The rules of one instrument on one price (last trade or quote mid): level rules in sorted
 * arrays, move rules on shared extrema windows, and the quiet band: the open price interval,
 * around the last price, in which no level rule can fire. The band and the last price live in
 * the instrument's row (AlertRows), which a tick reads first: most ticks stay in the band and
 * never reach this object; one that leaves it calls {@link onLevels}, which fires the level
 * rules it meets and moves the band. A window's move rules are turned away by its lowest
 * threshold, kept in the window's own array, before {@link onDrops} or {@link onRises}.
 */
import type { Tick } from '../../protocol/feed';
import type { PriceAt } from './alert-row-layout';
import type { AlertRowTable } from './alert-row-table';
import type { RuleFirer } from './rule-firer';
import { SortedRules } from './sorted-rules';
import { ExtremaWindows } from './tick-windows';

export class PriceRules {
  readonly above = new SortedRules();
  readonly below = new SortedRules();
  readonly crossesUp = new SortedRules();
  readonly crossesDown = new SortedRules();
  /** The window highs `move-down-pct` rules fall from; null while there are none. */
  private highs: ExtremaWindows | null = null;
  /** Per window of `highs`, its `move-down-pct` rules by pct. */
  private readonly drops: SortedRules[] = [];
  /** The window lows `move-up-pct` rules rise from; null while there are none. */
  private lows: ExtremaWindows | null = null;
  /** Per window of `lows`, its `move-up-pct` rules by pct. */
  private readonly rises: SortedRules[] = [];

  /**
   * The band starts empty (every tick is checked) and is set by {@link settleBand}. Removing a
   * rule leaves it true (it only gets narrower than it could be); adding one must
   * {@link unsettleBand}.
   */
  constructor(
    private readonly rows: AlertRowTable,
    private readonly row: number,
    private readonly at: PriceAt,
  ) {
    this.unsettleBand();
  }

  /** The level rules, for a price `v` that left the quiet band; then the band moves around it. */
  onLevels(firer: RuleFirer, prev: number, tick: Tick, v: number, at: number): void {
    firer.fire(this.above, 0, this.above.lowerBound(v), tick, v, at);
    firer.fire(this.below, this.below.upperBound(v), this.below.size, tick, v, at);
    // No crossing from a NaN prev (no price yet): every comparison with NaN is false.
    const up = this.crossesUp;
    if (v > prev) firer.fire(up, up.upperBound(prev), up.upperBound(v), tick, v, at);
    const down = this.crossesDown;
    if (v < prev) firer.fire(down, down.lowerBound(v), down.lowerBound(prev), tick, v, at);
    this.settleBand(v);
  }

  /** The `move-down-pct` rules, for a price `v` just pushed that `highs.mayReach`. */
  onDrops(firer: RuleFirer, highs: ExtremaWindows, tick: Tick, v: number, at: number): void {
    fireMoves(firer, highs, this.drops, tick, v, at);
  }

  /** The `move-up-pct` rules, for a price `v` just pushed that `lows.mayReach`. */
  onRises(firer: RuleFirer, lows: ExtremaWindows, tick: Tick, v: number, at: number): void {
    fireMoves(firer, lows, this.rises, tick, v, at);
  }

  /**
   * Sets the band around `p`, the price just checked: below every `above` level and above
   * every `below` level (those fire on v > level and v < level), and strictly between the
   * crossing levels next to `p`, so a move inside it crosses none. A `p` on a crossing level
   * leaves the band empty until the price moves off it.
   */
  private settleBand(p: number): void {
    if (Number.isNaN(p)) return this.unsettleBand();
    const below = this.below;
    const up = this.crossesUp;
    const down = this.crossesDown;
    const low = Math.max(
      below.size > 0 ? (below.keys[below.size - 1] as number) : -Infinity,
      levelUnder(up, p),
      levelUnder(down, p),
    );
    const high = Math.min(this.above.least, levelOver(up, p), levelOver(down, p));
    this.rows.setBand(this.row, this.at, low, high);
  }

  unsettleBand(): void {
    this.rows.setBand(this.row, this.at, Infinity, -Infinity);
  }

  /** The rules of one level condition. */
  levels(type: 'above' | 'below' | 'crosses-up' | 'crosses-down'): SortedRules {
    return type === 'above'
      ? this.above
      : type === 'below'
        ? this.below
        : type === 'crosses-up'
          ? this.crossesUp
          : this.crossesDown;
  }

  /** The `move-down-pct` (`drop`) or `move-up-pct` rules of one window length. */
  moveRules(direction: 'up' | 'down', windowMs: number): SortedRules {
    const windows =
      direction === 'down'
        ? (this.highs ??= new ExtremaWindows('max', this.rows.rings))
        : (this.lows ??= new ExtremaWindows('min', this.rows.rings));
    const lists = direction === 'down' ? this.drops : this.rises;
    for (let k = 0; k < windows.windowCount; k++)
      if (windows.windowMs(k) === windowMs) return lists[k] as SortedRules;
    windows.addWindow(windowMs);
    this.rows.setWindows(this.row, this.at, this.highs, this.lows);
    const rules = new SortedRules();
    lists.push(rules);
    return rules;
  }

  /** Copies each move window's lowest rule threshold into its window (see `threshold`). */
  syncThresholds(): void {
    for (let k = 0; k < this.drops.length; k++)
      this.highs?.setThreshold(k, (this.drops[k] as SortedRules).least);
    for (let k = 0; k < this.rises.length; k++)
      this.lows?.setThreshold(k, (this.rises[k] as SortedRules).least);
  }

  /**
   * The price as a snapshot gives it, before the next tick: a crossing between the two fires.
   * The band is emptied, so the next tick checks the levels against it.
   */
  seed(p: number): void {
    this.rows.setPrev(this.row, this.at, p);
    this.unsettleBand();
  }

  /** A new series: no previous price, empty windows. */
  resetSeries(): void {
    this.rows.setPrev(this.row, this.at, NaN);
    this.highs?.clear();
    this.lows?.clear();
  }
}

/** The highest of `levels` at or under `p` (-Infinity for none). */
function levelUnder(levels: SortedRules, p: number): number {
  const under = levels.upperBound(p);
  return under > 0 ? (levels.keys[under - 1] as number) : -Infinity;
}

/** The lowest of `levels` at or over `p` (Infinity for none). */
function levelOver(levels: SortedRules, p: number): number {
  const over = levels.lowerBound(p);
  return over < levels.size ? (levels.keys[over] as number) : Infinity;
}

/**
 * Fires the move rules of each window whose move from its extreme to `v` (a fall from the
 * high, a rise from the low) reaches its least threshold: `lists[k]` holds window `k`'s rules
 * sorted by their percentage.
 */
function fireMoves(
  firer: RuleFirer,
  windows: ExtremaWindows,
  lists: readonly SortedRules[],
  tick: Tick,
  v: number,
  at: number,
): void {
  for (let k = 0; k < windows.windowCount; k++) {
    const move = windows.movePct(k, v);
    if (move < windows.threshold(k)) continue;
    const rules = lists[k]!;
    firer.fire(rules, 0, rules.upperBound(move), tick, v, at);
  }
}
