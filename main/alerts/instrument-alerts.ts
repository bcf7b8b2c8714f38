/**
 * The alert rules of one instrument or match, indexed for the tick path: threshold rules in
 * sorted arrays (binary search finds the ones a tick fires) behind a quiet band and a lowest
 * threshold (most ticks fire nothing, and are turned away by a comparison), window rules
 * sharing one monotonic deque or running sum per price, whatever their window lengths. A tick
 * costs O(log n + fired) per kind of rule the instrument has, O(1) when it fires nothing, and
 * allocates nothing; rules on other instruments cost it nothing. The numbers a quiet tick
 * checks are kept in the instrument's row of AlertRows, which routes a tick here only when
 * something may fire; this class hands it to its rule groups (PriceRules per price, OddsRules,
 * MatchRules, spread and volume here), and RuleFirer fires what they find.
 */
import type { MatchStatus, Tick } from '../../protocol/feed';
import type { PriceSource } from '../../protocol/alerts';
import { MatchRules } from './match-rules';
import { OddsRules } from './odds-rules';
import { LAST, MID, type PriceAt } from './alert-row-layout';
import type { AlertRowTable } from './alert-row-table';
import { PriceRules } from './price-rules';
import type { FireSink, IndexCaches } from './rule-firer';
import { RuleFirer } from './rule-firer';
import { keyOf } from './rule-key';
import type { RuleSlot } from './rule-slot';
import { SortedRules } from './sorted-rules';
import { SumWindows } from './sum-windows';

export class InstrumentAlerts implements IndexCaches {
  private last: PriceRules | null = null;
  private mid: PriceRules | null = null;
  private readonly spread = new SortedRules();
  /** Trade sizes over every `volume-above` window length; null while there are none. */
  private volumes: SumWindows | null = null;
  /** Per window of `volumes`, its rules by volume. */
  private readonly volumeRules: SortedRules[] = [];
  private odds: OddsRules | null = null;
  private match: MatchRules | null = null;
  private readonly firer: RuleFirer;
  /**
   * This instrument's row in `rows`: the event clock (windows and cooldowns run on the newest
   * event time, so they never go backwards), when the first cooling rule re-arms, the spread
   * rules' lowest threshold, and each price's last value and quiet band.
   */
  readonly row: number;

  constructor(
    sink: FireSink,
    private readonly rows: AlertRowTable,
  ) {
    this.firer = new RuleFirer(sink, this);
    this.row = rows.add(this);
  }

  add(slot: RuleSlot): void {
    const c = slot.rule.condition;
    const key = keyOf(slot.rule);
    switch (c.type) {
      case 'above':
      case 'below':
      case 'crosses-up':
      case 'crosses-down':
        this.price(c.price).levels(c.type).insert(key, slot);
        break;
      case 'move-up-pct':
      case 'move-down-pct':
        this.price(c.price)
          .moveRules(c.type === 'move-up-pct' ? 'up' : 'down', c.windowMs)
          .insert(key, slot);
        break;
      case 'spread-above':
        this.spread.insert(key, slot);
        break;
      case 'volume-above':
        this.volumeWindow(c.windowMs).insert(key, slot);
        break;
      case 'odds-move-pct':
        (this.odds ??= new OddsRules(this.rows.rings))
          .window(c.outcome, c.windowMs)
          .insert(key, slot);
        break;
      default:
        (this.match ??= new MatchRules()).add(slot);
    }
    this.syncThresholds();
  }

  /**
   * Copies the lowest threshold of each window's and the spread's rules to where a tick reads
   * it without touching the rules' own objects. Called after any change to those rules (add,
   * fire, re-arm): a tick then turns a quiet window away with the lines it already read.
   */
  syncThresholds(): void {
    this.last?.syncThresholds();
    this.mid?.syncThresholds();
    this.odds?.syncThresholds();
    for (let k = 0; k < this.volumeRules.length; k++)
      this.volumes?.setThreshold(k, (this.volumeRules[k] as SortedRules).least);
    this.rows.setSpreadLeast(this.row, this.spread.least);
  }

  setRearmAt(until: number): void {
    this.rows.setRearmAt(this.row, until);
  }

  unsettleBands(): void {
    this.last?.unsettleBand();
    this.mid?.unsettleBand();
  }

  /** A new series (new source, replay seek): what came before says nothing about what follows. */
  resetSeries(): void {
    this.last?.resetSeries();
    this.mid?.resetSeries();
    this.volumes?.clear();
    this.odds?.resetSeries();
    this.match?.resetSeries();
    this.rows.resetClock(this.row);
    // The evaluator forgets cooldowns with the series: every cooling rule is armed again.
    this.firer.rearm(Infinity);
  }

  /** The match's score and phase as a snapshot gives them, where its rules start from. */
  seedMatch(home: number, away: number, status: MatchStatus): void {
    this.match?.seed(home, away, status);
  }

  /**
   * The last trade as a snapshot gives it, where the crossing rules on it start from (a quiet
   * instrument's first trade after joining may cross a level). Not the mid: a snapshot's bid
   * or ask may be a side with no quote.
   */
  seedLast(price: number): void {
    this.last?.seed(price);
  }

  /** Gives back the row and the windows' regions: this index left the rule list. */
  release(): void {
    this.odds?.release();
    this.rows.release(this.row);
  }

  /** Puts back the cooling rules whose cooldown ended by `at`. */
  rearm(at: number): void {
    this.firer.rearm(at);
  }

  /** Price `p` left its quiet band, or passed the reach the band was set from (`prev` to `v`). */
  onPriceOut(p: PriceAt, prev: number, tick: Tick, v: number, at: number): void {
    this.price(p === LAST ? 'last' : 'mid').onOut(this.firer, prev, tick, v, at);
  }

  /** Price `p`'s log is full: written out into its windows, and its band set again. */
  resyncPrice(p: PriceAt): void {
    this.price(p === LAST ? 'last' : 'mid').resync();
  }

  /** A quote whose spread is above the spread rules' lowest threshold. */
  onSpread(tick: Tick, spread: number, at: number): void {
    this.firer.fire(this.spread, 0, this.spread.lowerBound(spread), tick, spread, at);
  }

  /** A tick that is neither a trade nor a quote (odds, match events). */
  onEvent(tick: Tick, at: number): void {
    if (tick.kind === 'odds') this.odds?.onTick(this.firer, tick, at);
    else this.match?.onTick(this.firer, tick, at);
  }

  /** A trade after which a volume window's bound is over its lowest threshold. */
  onVolumes(tick: Tick, at: number): void {
    const volumes = this.volumes as SumWindows;
    for (let k = 0; k < volumes.windowCount; k++) {
      // volume-above fires on sum > volume; the bound is at least the sum, and moves no
      // cursor, so a window whose bound is not over its lowest volume costs no more.
      if (!(volumes.bound(k) > volumes.threshold(k))) continue;
      const sum = volumes.sum(k);
      if (!(sum > volumes.threshold(k))) continue;
      const rules = this.volumeRules[k] as SortedRules;
      this.firer.fire(rules, 0, rules.lowerBound(sum), tick, sum, at);
    }
  }

  private volumeWindow(windowMs: number): SortedRules {
    if (!this.volumes) this.rows.setVolumes(this.row, (this.volumes = new SumWindows()));
    const volumes = this.volumes;
    for (let k = 0; k < volumes.windowCount; k++)
      if (volumes.windowMs(k) === windowMs) return this.volumeRules[k] as SortedRules;
    volumes.addWindow(windowMs);
    const rules = new SortedRules();
    this.volumeRules.push(rules);
    return rules;
  }

  private price(source: PriceSource): PriceRules {
    if (source === 'last') return (this.last ??= new PriceRules(this.rows, this.row, LAST));
    return (this.mid ??= new PriceRules(this.rows, this.row, MID));
  }
}
