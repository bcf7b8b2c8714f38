/**
 * The rules of one instrument on one price (last trade or quote mid): level rules in sorted
 * arrays, move rules on shared extrema windows, and the quiet band: the open price interval in
 * which no rule on the price can fire, the level rules' band (around the last price, between
 * the levels next to it) narrowed by the move rules' (a price above which no window's fall from
 * its high, and below which no rise from its low, reaches a rule). The band, the highest and
 * lowest price the windows held when it was set, and the price's log of ticks not yet pushed
 * into the windows live in the instrument's row (AlertRows), which a tick reads first: most
 * ticks stay in the band and never reach this object; one that leaves it, or passes those
 * prices, calls {@link onOut}, which writes the log out, fires what it meets and sets the band
 * again.
 */
import type { Tick } from '../../protocol/feed';
import type { PriceAt } from './alert-row-layout';
import type { AlertRowTable } from './alert-row-table';
import type { RuleFirer } from './rule-firer';
import { SortedRules } from './sorted-rules';
import { ExtremaWindows } from './tick-windows';
import { fallFloor, levelOver, levelUnder, riseCeiling } from './price-band';

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
  /** The level rules' band: a price strictly inside fires none. */
  private levelLow = Infinity;
  private levelHigh = -Infinity;

  /** The band starts empty (every tick checked); adding a level rule must {@link unsettleBand}. */
  constructor(
    private readonly rows: AlertRowTable,
    private readonly row: number,
    private readonly at: PriceAt,
  ) {
    this.unsettleBand();
  }

  /**
   * A price `v` (after `prev`) out of the band or past the prices it was set from: the level
   * rules if out of theirs, the move rules of each window that may reach them, a new band.
   */
  onOut(firer: RuleFirer, prev: number, tick: Tick, v: number, at: number): void {
    if (!(v > this.levelLow && v < this.levelHigh)) this.onLevels(firer, prev, tick, v, at);
    this.rows.writeOutLog(this.row, this.at);
    if (this.highs?.mayReach(v)) fireMoves(firer, this.highs, this.drops, tick, v, at);
    if (this.lows?.mayReach(v)) fireMoves(firer, this.lows, this.rises, tick, v, at);
    this.resync();
  }

  /** The level rules, for a price `v` that left their band; then the band moves around it. */
  private onLevels(firer: RuleFirer, prev: number, tick: Tick, v: number, at: number): void {
    firer.fire(this.above, 0, this.above.lowerBound(v), tick, v, at);
    firer.fire(this.below, this.below.upperBound(v), this.below.size, tick, v, at);
    // No crossing from a NaN prev (no price yet): every comparison with NaN is false.
    const up = this.crossesUp;
    if (v > prev) firer.fire(up, up.upperBound(prev), up.upperBound(v), tick, v, at);
    const down = this.crossesDown;
    if (v < prev) firer.fire(down, down.lowerBound(v), down.lowerBound(prev), tick, v, at);
    this.settleBand(v);
  }

  /**
   * Writes the log out and sets the row's band: the level rules' narrowed to where no window's
   * move from its highest (lowest) price kept reaches its lowest threshold.
   */
  resync(): void {
    const highs = this.highs;
    const lows = this.lows;
    this.rows.writeOutLog(this.row, this.at);
    let low = this.levelLow;
    let high = this.levelHigh;
    let reachHigh = Infinity;
    let reachLow = -Infinity;
    const fall = highs ? highs.leastThreshold() : Infinity;
    if (highs && fall < Infinity) {
      reachHigh = highs.bound();
      low = Math.max(low, fallFloor(reachHigh, fall));
    }
    const rise = lows ? lows.leastThreshold() : Infinity;
    if (lows && rise < Infinity) {
      reachLow = lows.bound();
      high = Math.min(high, riseCeiling(reachLow, rise));
    }
    this.rows.setBand(this.row, this.at, low, high);
    this.rows.setReach(this.row, this.at, reachHigh, reachLow);
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
    this.levelLow = Math.max(
      below.size > 0 ? (below.keys[below.size - 1] as number) : -Infinity,
      levelUnder(up, p),
      levelUnder(down, p),
    );
    this.levelHigh = Math.min(this.above.least, levelOver(up, p), levelOver(down, p));
  }

  /** Empties the band: the next tick checks every rule (and sets it again). */
  unsettleBand(): void {
    this.levelLow = Infinity;
    this.levelHigh = -Infinity;
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

  /** The `move-down-pct` or `move-up-pct` rules of one window length. */
  moveRules(direction: 'up' | 'down', windowMs: number): SortedRules {
    // The logged ticks came before the new window: not its.
    this.rows.writeOutLog(this.row, this.at);
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

  /** Copies each move window's lowest rule threshold into its window, and sets the band. */
  syncThresholds(): void {
    for (let k = 0; k < this.drops.length; k++)
      this.highs?.setThreshold(k, (this.drops[k] as SortedRules).least);
    for (let k = 0; k < this.rises.length; k++)
      this.lows?.setThreshold(k, (this.rises[k] as SortedRules).least);
    this.resync();
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
    this.rows.dropLog(this.row, this.at);
    this.highs?.clear();
    this.lows?.clear();
    this.resync();
  }
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
