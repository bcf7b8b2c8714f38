/**
 * The alert rules of one instrument or match, indexed for the tick path: threshold rules in
 * sorted arrays (binary search finds the ones a tick fires) behind a quiet band and a lowest
 * threshold (most ticks fire nothing, and are turned away by a comparison), window rules
 * sharing one monotonic deque or running sum per price, whatever their window lengths. A tick
 * costs O(log n + fired) per kind of rule the instrument has, O(1) when it fires nothing, and
 * allocates nothing; rules on other instruments cost it nothing. This class routes a tick to
 * its rule groups (PriceRules per price, OddsRules, MatchRules, spread and volume here);
 * RuleFirer fires what they find.
 */
import type { Tick } from '../../protocol/feed';
import { MatchRules } from './match-rules';
import { OddsRules } from './odds-rules';
import { PriceRules } from './price-rules';
import type { FireSink, IndexCaches } from './rule-firer';
import { RuleFirer } from './rule-firer';
import { keyOf } from './rule-key';
import type { RuleSlot } from './rule-slot';
import { SortedRules } from './sorted-rules';
import { SumWindows } from './tick-windows';

export class InstrumentAlerts implements IndexCaches {
  private last: PriceRules | null = null;
  private mid: PriceRules | null = null;
  private readonly spread = new SortedRules();
  /** `spread.least`, kept on this object (which a tick reads anyway): see `syncThresholds`. */
  private spreadLeast = Infinity;
  /** Trade sizes over every `volume-above` window length; null while there are none. */
  private volumes: SumWindows | null = null;
  /** Per window of `volumes`, its rules by volume. */
  private readonly volumeRules: SortedRules[] = [];
  private odds: OddsRules | null = null;
  private match: MatchRules | null = null;
  /** Newest event time seen: windows and cooldowns run on it, so they never go backwards. */
  private clock = -Infinity;
  /** When the first cooling rule re-arms (RuleFirer keeps the list): checked on every tick. */
  private rearmAt = Infinity;
  private readonly firer: RuleFirer;

  constructor(sink: FireSink) {
    this.firer = new RuleFirer(sink, this);
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
        (this.odds ??= new OddsRules()).window(c.outcome, c.windowMs).insert(key, slot);
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
    for (let k = 0; k < this.volumeRules.length; k++)
      this.volumes?.setThreshold(k, (this.volumeRules[k] as SortedRules).least);
    this.spreadLeast = this.spread.least;
  }

  setRearmAt(until: number): void {
    this.rearmAt = until;
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
    this.clock = -Infinity;
    // The evaluator forgets cooldowns with the series: every cooling rule is armed again.
    this.firer.rearm(Infinity);
  }

  onTick(tick: Tick): void {
    const at = (this.clock = Math.max(this.clock, tick.ts));
    const firer = this.firer;
    if (this.rearmAt <= at) firer.rearm(at);
    switch (tick.kind) {
      case 'trade':
        if (this.last) this.last.onPrice(firer, tick, tick.price, at);
        if (this.volumes) this.onVolume(this.volumes, tick, at);
        break;
      case 'quote': {
        if (this.mid) this.mid.onPrice(firer, tick, (tick.bid + tick.ask) / 2, at);
        const spread = tick.ask - tick.bid;
        // spread-above fires on spread > value.
        if (spread > this.spreadLeast)
          firer.fire(this.spread, 0, this.spread.lowerBound(spread), tick, spread, at);
        break;
      }
      case 'odds':
        this.odds?.onTick(firer, tick, at);
        break;
      default:
        this.match?.onTick(firer, tick, at);
    }
  }

  private onVolume(volumes: SumWindows, tick: Tick & { kind: 'trade' }, at: number): void {
    volumes.push(at, tick.size);
    for (let k = 0; k < volumes.windowCount; k++) {
      const sum = volumes.sum(k);
      // volume-above fires on sum > volume.
      if (sum <= volumes.threshold(k)) continue;
      const rules = this.volumeRules[k] as SortedRules;
      this.firer.fire(rules, 0, rules.lowerBound(sum), tick, sum, at);
    }
  }

  private volumeWindow(windowMs: number): SortedRules {
    const volumes = (this.volumes ??= new SumWindows());
    for (let k = 0; k < volumes.windowCount; k++)
      if (volumes.windowMs(k) === windowMs) return this.volumeRules[k] as SortedRules;
    volumes.addWindow(windowMs);
    const rules = new SortedRules();
    this.volumeRules.push(rules);
    return rules;
  }

  private price(source: 'last' | 'mid'): PriceRules {
    if (source === 'last') return (this.last ??= new PriceRules());
    return (this.mid ??= new PriceRules());
  }
}
