/**
 * The alert rules of one instrument or match, indexed for the tick path: threshold rules in
 * sorted arrays (binary search finds the ones a tick fires) behind a quiet band and a lowest
 * threshold (most ticks fire nothing, and are turned away by a comparison), window rules
 * sharing one monotonic deque or running sum per price, whatever their window lengths. A tick
 * costs O(log n + fired) per kind of rule the instrument has, O(1) when it fires nothing, and
 * allocates nothing; rules on other instruments cost it nothing.
 */
import type { AlertRule, OddsOutcome } from '../../protocol/alerts';
import type { MatchStatus, Tick } from '../../protocol/feed';
import type { RuleSlot } from './rule-slot';
import { PriceRules } from './price-rules';
import { SortedRules } from './sorted-rules';
import { ExtremaWindows, SumWindows } from './tick-windows';

/** Decides whether a slot fires (trigger, expiry) and hears of every firing. */
export interface FireSink {
  admit(slot: RuleSlot, at: number): boolean;
  fired(slot: RuleSlot, tick: Tick, value: number | null): void;
}

/** `odds-move-pct` rules on one outcome: per window of `highs` (and of `lows`, the same lengths), by pct. */
interface OddsRules {
  readonly outcome: OddsOutcome;
  readonly highs: ExtremaWindows;
  readonly lows: ExtremaWindows;
  readonly byWindow: SortedRules[];
}

/** An `every` rule taken out of its index until its cooldown ends (event time). */
interface Cooling {
  readonly until: number;
  readonly slot: RuleSlot;
  readonly rules: SortedRules;
}

/** The threshold a rule is sorted by in its index. */
function keyOf(rule: AlertRule): number {
  const c = rule.condition;
  switch (c.type) {
    case 'above':
    case 'below':
    case 'crosses-up':
    case 'crosses-down':
      return c.level;
    case 'move-up-pct':
    case 'move-down-pct':
    case 'odds-move-pct':
      return c.pct;
    case 'spread-above':
      return c.value;
    case 'volume-above':
      return c.volume;
    default:
      return 0;
  }
}

export class InstrumentAlerts {
  private last: PriceRules | null = null;
  private mid: PriceRules | null = null;
  private readonly spread = new SortedRules();
  /** `spread.least`, kept on this object (which a tick reads anyway): see `syncThresholds`. */
  private spreadLeast = Infinity;
  /** Trade sizes over every `volume-above` window length; null while there are none. */
  private volumes: SumWindows | null = null;
  /** Per window of `volumes`, its rules by volume. */
  private readonly volumeRules: SortedRules[] = [];
  private readonly odds: OddsRules[] = [];
  /** goal, red-card and status rules: few per match, scanned. */
  private readonly events: RuleSlot[] = [];
  private score: { home: number; away: number } | null = null;
  private status: MatchStatus | null = null;
  /** Newest event time seen: windows and cooldowns run on it, so they never go backwards. */
  private clock = -Infinity;
  private readonly scratch: RuleSlot[] = [];
  /**
   * `every` rules cooling down, by `until` ascending. Out of the index meanwhile: a rule whose
   * condition holds tick after tick would otherwise be visited, and refused, on every tick.
   */
  private cooling: Cooling[] = [];
  /** The first cooling rule's `until`, Infinity when none cools: checked on every tick. */
  private rearmAt = Infinity;

  constructor(private readonly sink: FireSink) {}

  add(slot: RuleSlot): void {
    const c = slot.rule.condition;
    const key = keyOf(slot.rule);
    switch (c.type) {
      case 'above':
      case 'below':
      case 'crosses-up':
      case 'crosses-down':
        this.sortedFor(slot.rule).insert(key, slot);
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
        this.oddsWindow(c.outcome, c.windowMs).insert(key, slot);
        break;
      default:
        this.events.push(slot);
    }
    this.syncThresholds();
  }

  /**
   * Copies the lowest threshold of each window's and the spread's rules to where a tick reads
   * it without touching the rules' own objects. Call after any change to those rules (add,
   * fire, re-arm): a tick then turns a quiet window away with the lines it already read.
   */
  private syncThresholds(): void {
    this.last?.syncThresholds();
    this.mid?.syncThresholds();
    for (let k = 0; k < this.volumeRules.length; k++)
      this.volumes?.setThreshold(k, (this.volumeRules[k] as SortedRules).least);
    this.spreadLeast = this.spread.least;
  }

  /** A new series (new source, replay seek): what came before says nothing about what follows. */
  resetSeries(): void {
    this.last?.resetSeries();
    this.mid?.resetSeries();
    this.volumes?.clear();
    for (const o of this.odds) {
      o.highs.clear();
      o.lows.clear();
    }
    this.score = null;
    this.status = null;
    this.clock = -Infinity;
    // The evaluator forgets cooldowns with the series: every cooling rule is armed again.
    this.rearm(Infinity);
  }

  onTick(tick: Tick): void {
    const at = (this.clock = Math.max(this.clock, tick.ts));
    if (this.rearmAt <= at) this.rearm(at);
    switch (tick.kind) {
      case 'trade':
        if (this.last) this.onPrice(this.last, tick, tick.price, at);
        if (this.volumes) this.onVolume(this.volumes, tick, at);
        break;
      case 'quote': {
        if (this.mid) this.onPrice(this.mid, tick, (tick.bid + tick.ask) / 2, at);
        const spread = tick.ask - tick.bid;
        // spread-above fires on spread > value.
        if (spread > this.spreadLeast)
          this.fire(this.spread, 0, this.spread.lowerBound(spread), tick, spread, at);
        break;
      }
      case 'odds':
        for (const o of this.odds) {
          const v = tick[o.outcome];
          o.highs.push(at, v);
          o.lows.push(at, v);
          for (let k = 0; k < o.byWindow.length; k++) {
            const rules = o.byWindow[k] as SortedRules;
            const move = Math.max(rise(o.lows.value(k), v), drop(o.highs.value(k), v));
            if (move >= rules.least) this.fire(rules, 0, rules.upperBound(move), tick, v, at);
          }
        }
        break;
      default:
        this.onMatchEvent(tick, at);
    }
  }

  private onPrice(rules: PriceRules, tick: Tick, v: number, at: number): void {
    const prev = rules.prev;
    rules.prev = v;
    if (!rules.quiet(v)) this.onLevels(rules, prev, tick, v, at);
    const highs = rules.highs;
    if (highs) {
      highs.push(at, v);
      for (let k = 0; k < highs.windowCount; k++) {
        const fall = drop(highs.value(k), v);
        if (fall < highs.threshold(k)) continue;
        const down = rules.drops[k] as SortedRules;
        this.fire(down, 0, down.upperBound(fall), tick, v, at);
      }
    }
    const lows = rules.lows;
    if (lows) {
      lows.push(at, v);
      for (let k = 0; k < lows.windowCount; k++) {
        const gain = rise(lows.value(k), v);
        if (gain < lows.threshold(k)) continue;
        const up = rules.rises[k] as SortedRules;
        this.fire(up, 0, up.upperBound(gain), tick, v, at);
      }
    }
  }

  private onVolume(volumes: SumWindows, tick: Tick & { kind: 'trade' }, at: number): void {
    volumes.push(at, tick.size);
    for (let k = 0; k < volumes.windowCount; k++) {
      const sum = volumes.sum(k);
      // volume-above fires on sum > volume.
      if (sum <= volumes.threshold(k)) continue;
      const rules = this.volumeRules[k] as SortedRules;
      this.fire(rules, 0, rules.lowerBound(sum), tick, sum, at);
    }
  }

  /** The level rules, for a price that left the quiet band; then the band moves around it. */
  private onLevels(rules: PriceRules, prev: number, tick: Tick, v: number, at: number): void {
    this.fire(rules.above, 0, rules.above.lowerBound(v), tick, v, at);
    this.fire(rules.below, rules.below.upperBound(v), rules.below.size, tick, v, at);
    // No crossing from a NaN prev (no price yet): every comparison with NaN is false.
    if (v > prev)
      this.fire(
        rules.crossesUp,
        rules.crossesUp.upperBound(prev),
        rules.crossesUp.upperBound(v),
        tick,
        v,
        at,
      );
    if (v < prev)
      this.fire(
        rules.crossesDown,
        rules.crossesDown.lowerBound(v),
        rules.crossesDown.lowerBound(prev),
        tick,
        v,
        at,
      );
    rules.settleBand(v);
  }

  private onMatchEvent(tick: Tick, at: number): void {
    const prevScore = this.score;
    const prevStatus = this.status;
    if (tick.kind === 'score') this.score = { home: tick.home, away: tick.away };
    else if (tick.kind === 'status') this.status = tick.status;
    else if (tick.kind !== 'incident') return;
    for (const slot of this.events) {
      const c = slot.rule.condition;
      let value: number | null = null;
      if (c.type === 'goal' && tick.kind === 'score' && prevScore !== null) {
        const home = tick.home > prevScore.home;
        const away = tick.away > prevScore.away;
        if (!(c.side === 'home' ? home : c.side === 'away' ? away : home || away)) continue;
        value =
          c.side === 'away' ? tick.away : c.side === 'home' ? tick.home : tick.home + tick.away;
      } else if (c.type === 'red-card' && tick.kind === 'incident' && tick.type === 'red-card') {
        if (c.side !== null && c.side !== tick.team) continue;
        value = tick.clockMs;
      } else if (c.type === 'status' && tick.kind === 'status' && tick.status !== prevStatus) {
        const fires =
          c.phase === 'half-time'
            ? tick.status === 'halftime'
            : c.phase === 'full-time'
              ? tick.status === 'finished'
              : tick.status === 'live' && prevStatus !== 'halftime';
        if (!fires) continue;
      } else continue;
      if (this.sink.admit(slot, at)) this.sink.fired(slot, tick, value);
    }
  }

  /** Fires the slots at [from, to) of `rules` that their trigger admits. */
  private fire(
    rules: SortedRules,
    from: number,
    to: number,
    tick: Tick,
    value: number,
    at: number,
  ): void {
    if (from >= to) return;
    const scratch = this.scratch;
    scratch.length = 0;
    for (let i = from; i < to; i++) scratch.push(rules.slots[i] as RuleSlot);
    let removed = false;
    for (const slot of scratch) {
      if (!this.sink.admit(slot, at)) continue;
      const trigger = slot.rule.trigger;
      if (slot.fired) {
        rules.remove(keyOf(slot.rule), slot);
        removed = true;
      } else if (trigger.mode === 'every' && trigger.cooldownMs > 0) {
        rules.remove(keyOf(slot.rule), slot);
        removed = true;
        this.cool({ until: at + trigger.cooldownMs, slot, rules });
      }
      this.sink.fired(slot, tick, value);
    }
    if (removed) this.syncThresholds();
  }

  private cool(entry: Cooling): void {
    const list = this.cooling;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as Cooling).until <= entry.until) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, entry);
    this.rearmAt = (list[0] as Cooling).until;
  }

  /** Puts back in their index the cooling rules whose cooldown ends by `at`. */
  private rearm(at: number): void {
    let n = 0;
    for (const c of this.cooling) {
      if (c.until > at) break;
      c.rules.insert(keyOf(c.slot.rule), c.slot);
      n++;
    }
    this.cooling = n === this.cooling.length ? [] : this.cooling.slice(n);
    this.rearmAt = this.cooling[0]?.until ?? Infinity;
    // A level rule back in its index may lie inside a quiet band.
    this.last?.unsettleBand();
    this.mid?.unsettleBand();
    if (n > 0) this.syncThresholds();
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

  private oddsWindow(outcome: OddsOutcome, windowMs: number): SortedRules {
    let odds = this.odds.find((o) => o.outcome === outcome);
    if (!odds) {
      odds = {
        outcome,
        highs: new ExtremaWindows('max'),
        lows: new ExtremaWindows('min'),
        byWindow: [],
      };
      this.odds.push(odds);
    }
    for (let k = 0; k < odds.highs.windowCount; k++)
      if (odds.highs.windowMs(k) === windowMs) return odds.byWindow[k] as SortedRules;
    odds.highs.addWindow(windowMs);
    odds.lows.addWindow(windowMs);
    const rules = new SortedRules();
    odds.byWindow.push(rules);
    return rules;
  }

  private price(source: 'last' | 'mid'): PriceRules {
    if (source === 'last') return (this.last ??= new PriceRules());
    return (this.mid ??= new PriceRules());
  }

  private sortedFor(rule: AlertRule): SortedRules {
    const c = rule.condition as {
      type: 'above' | 'below' | 'crosses-up' | 'crosses-down';
      price: 'last' | 'mid';
    };
    const rules = this.price(c.price);
    return c.type === 'above'
      ? rules.above
      : c.type === 'below'
        ? rules.below
        : c.type === 'crosses-up'
          ? rules.crossesUp
          : rules.crossesDown;
  }
}

/** Rise from `low` to `v`, percent (0 when `low` is not positive). */
function rise(low: number, v: number): number {
  return low > 0 ? ((v - low) / low) * 100 : 0;
}

/** Fall from `high` to `v`, percent (0 when `high` is not positive). */
function drop(high: number, v: number): number {
  return high > 0 ? ((high - v) / high) * 100 : 0;
}
