/**
 * The rules of one instrument on one price (last trade or quote mid): level rules in sorted
 * arrays, move rules on shared extrema windows, and the quiet band: the open price interval,
 * around the last price, in which no level rule can fire. Most ticks stay in it, so a tick's
 * level rules cost two comparisons; one that leaves it pays the binary searches and moves it.
 * A window's move rules are turned away by its lowest threshold, kept in the window's own array.
 */
import type { Tick } from '../../protocol/feed';
import type { RuleFirer } from './rule-firer';
import { SortedRules } from './sorted-rules';
import { ExtremaWindows } from './tick-windows';

export class PriceRules {
  /**
   * The last price, NaN before the first: a number field, never null, so V8 keeps it as a
   * double updated in place rather than boxing a new number on every tick.
   */
  prev = NaN;
  readonly above = new SortedRules();
  readonly below = new SortedRules();
  readonly crossesUp = new SortedRules();
  readonly crossesDown = new SortedRules();
  /** The window highs `move-down-pct` rules fall from; null while there are none. */
  highs: ExtremaWindows | null = null;
  /** Per window of `highs`, its `move-down-pct` rules by pct. */
  readonly drops: SortedRules[] = [];
  /** The window lows `move-up-pct` rules rise from; null while there are none. */
  lows: ExtremaWindows | null = null;
  /** Per window of `lows`, its `move-up-pct` rules by pct. */
  readonly rises: SortedRules[] = [];
  /**
   * The quiet band (bandLow, bandHigh): starts empty (every tick is checked) and is set by
   * {@link settleBand}. Removing a rule leaves it true (it only gets narrower than it could
   * be); adding one must {@link unsettleBand}.
   */
  private bandLow = Infinity;
  private bandHigh = -Infinity;

  /** A tick's price `v` (last trade or quote mid): fires the level and move rules it meets. */
  onPrice(firer: RuleFirer, tick: Tick, v: number, at: number): void {
    const prev = this.prev;
    this.prev = v;
    // In the band, no level rule can fire for a move from `prev` to `v`.
    if (!(v > this.bandLow && v < this.bandHigh)) this.onLevels(firer, prev, tick, v, at);
    const highs = this.highs;
    if (highs) {
      highs.push(at, v);
      if (highs.mayReach(v))
        for (let k = 0; k < highs.windowCount; k++) {
          const fall = highs.movePct(k, v);
          if (fall < highs.threshold(k)) continue;
          const down = this.drops[k] as SortedRules;
          firer.fire(down, 0, down.upperBound(fall), tick, v, at);
        }
    }
    const lows = this.lows;
    if (lows) {
      lows.push(at, v);
      if (lows.mayReach(v))
        for (let k = 0; k < lows.windowCount; k++) {
          const gain = lows.movePct(k, v);
          if (gain < lows.threshold(k)) continue;
          const up = this.rises[k] as SortedRules;
          firer.fire(up, 0, up.upperBound(gain), tick, v, at);
        }
    }
  }

  /** The level rules, for a price that left the quiet band; then the band moves around it. */
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
   * Sets the band around `p`, the price just checked: below every `above` level and above
   * every `below` level (those fire on v > level and v < level), and strictly between the
   * crossing levels next to `p`, so a move inside it crosses none. A `p` on a crossing level
   * leaves the band empty until the price moves off it.
   */
  private settleBand(p: number): void {
    if (Number.isNaN(p)) return this.unsettleBand();
    this.bandLow =
      this.below.size > 0 ? (this.below.keys[this.below.size - 1] as number) : -Infinity;
    this.bandHigh = this.above.least;
    this.narrowBand(this.crossesUp, p);
    this.narrowBand(this.crossesDown, p);
  }

  unsettleBand(): void {
    this.bandLow = Infinity;
    this.bandHigh = -Infinity;
  }

  /** Narrows the band to the gap between `levels` that holds `p`. */
  private narrowBand(levels: SortedRules, p: number): void {
    const under = levels.upperBound(p);
    if (under > 0) this.bandLow = Math.max(this.bandLow, levels.keys[under - 1] as number);
    const over = levels.lowerBound(p);
    if (over < levels.size) this.bandHigh = Math.min(this.bandHigh, levels.keys[over] as number);
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
        ? (this.highs ??= new ExtremaWindows('max'))
        : (this.lows ??= new ExtremaWindows('min'));
    const lists = direction === 'down' ? this.drops : this.rises;
    for (let k = 0; k < windows.windowCount; k++)
      if (windows.windowMs(k) === windowMs) return lists[k] as SortedRules;
    windows.addWindow(windowMs);
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

  /** A new series: no previous price, empty windows. */
  resetSeries(): void {
    this.prev = NaN;
    this.highs?.clear();
    this.lows?.clear();
  }
}
