/**
 * The alert rules of one instrument or match, indexed for the tick path: threshold rules in
 * sorted arrays (binary search finds the ones a tick fires), window rules sharing one
 * monotonic-deque window per (price, window length). A tick costs O(log n + fired) per kind of
 * rule the instrument has; rules on other instruments cost it nothing.
 */
import type { AlertRule, OddsOutcome } from '../../protocol/alerts';
import type { MatchStatus, Tick } from '../../protocol/feed';
import type { RuleSlot } from './rule-slot';
import { SortedRules } from './sorted-rules';
import { ExtremaWindow, SumWindow } from './tick-windows';

/** Decides whether a slot fires (trigger, expiry) and hears of every firing. */
export interface FireSink {
  admit(slot: RuleSlot, at: number): boolean;
  fired(slot: RuleSlot, tick: Tick, value: number | null): void;
}

interface MoveWindow {
  readonly window: ExtremaWindow;
  /** `move-up-pct` rules by pct (fire when the rise from the window's low reaches pct). */
  readonly up: SortedRules;
  /** `move-down-pct` rules by pct (fire when the fall from the window's high reaches pct). */
  readonly down: SortedRules;
}

/** Rules on one price (last trade or quote mid). */
class PriceRules {
  prev: number | null = null;
  readonly above = new SortedRules();
  readonly below = new SortedRules();
  readonly crossesUp = new SortedRules();
  readonly crossesDown = new SortedRules();
  readonly windows: MoveWindow[] = [];
}

interface OddsWindow {
  readonly outcome: OddsOutcome;
  readonly window: ExtremaWindow;
  readonly rules: SortedRules;
}

/** An `every` rule taken out of its index until its cooldown ends (event time). */
interface Cooling {
  readonly until: number;
  readonly slot: RuleSlot;
  readonly rules: SortedRules;
}

interface VolumeWindow {
  readonly window: SumWindow;
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
  private readonly volumes: VolumeWindow[] = [];
  private readonly odds: OddsWindow[] = [];
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
      case 'move-down-pct': {
        const rules = this.price(c.price);
        let w = rules.windows.find((x) => x.window.windowMs === c.windowMs);
        if (!w) {
          w = {
            window: new ExtremaWindow(c.windowMs),
            up: new SortedRules(),
            down: new SortedRules(),
          };
          rules.windows.push(w);
        }
        (c.type === 'move-up-pct' ? w.up : w.down).insert(key, slot);
        break;
      }
      case 'spread-above':
        this.spread.insert(key, slot);
        break;
      case 'volume-above': {
        let w = this.volumes.find((x) => x.window.windowMs === c.windowMs);
        if (!w) {
          w = { window: new SumWindow(c.windowMs), rules: new SortedRules() };
          this.volumes.push(w);
        }
        w.rules.insert(key, slot);
        break;
      }
      case 'odds-move-pct': {
        let w = this.odds.find((x) => x.outcome === c.outcome && x.window.windowMs === c.windowMs);
        if (!w) {
          w = {
            outcome: c.outcome,
            window: new ExtremaWindow(c.windowMs),
            rules: new SortedRules(),
          };
          this.odds.push(w);
        }
        w.rules.insert(key, slot);
        break;
      }
      default:
        this.events.push(slot);
    }
  }

  /** A new series (new source, replay seek): what came before says nothing about what follows. */
  resetSeries(): void {
    for (const rules of [this.last, this.mid]) {
      if (!rules) continue;
      rules.prev = null;
      for (const w of rules.windows) w.window.clear();
    }
    for (const v of this.volumes) v.window.clear();
    for (const o of this.odds) o.window.clear();
    this.score = null;
    this.status = null;
    this.clock = -Infinity;
    // The evaluator forgets cooldowns with the series: every cooling rule is armed again.
    this.rearm(Infinity);
  }

  onTick(tick: Tick): void {
    const at = (this.clock = Math.max(this.clock, tick.ts));
    if (this.cooling.length > 0 && (this.cooling[0] as Cooling).until <= at) this.rearm(at);
    switch (tick.kind) {
      case 'trade':
        if (this.last) this.onPrice(this.last, tick, tick.price, at);
        for (const v of this.volumes) {
          v.window.push(at, tick.size);
          const sum = v.window.sum();
          this.fire(v.rules, 0, v.rules.lowerBound(sum), tick, sum, at);
        }
        break;
      case 'quote': {
        if (this.mid) this.onPrice(this.mid, tick, (tick.bid + tick.ask) / 2, at);
        const spread = tick.ask - tick.bid;
        if (this.spread.size > 0)
          this.fire(this.spread, 0, this.spread.lowerBound(spread), tick, spread, at);
        break;
      }
      case 'odds':
        for (const o of this.odds) {
          const v = tick[o.outcome];
          o.window.push(at, v);
          const move = Math.max(rise(o.window.min(), v), drop(o.window.max(), v));
          this.fire(o.rules, 0, o.rules.upperBound(move), tick, v, at);
        }
        break;
      default:
        this.onMatchEvent(tick, at);
    }
  }

  private onPrice(rules: PriceRules, tick: Tick, v: number, at: number): void {
    const prev = rules.prev;
    rules.prev = v;
    this.fire(rules.above, 0, rules.above.lowerBound(v), tick, v, at);
    this.fire(rules.below, rules.below.upperBound(v), rules.below.size, tick, v, at);
    if (prev !== null && v > prev)
      this.fire(
        rules.crossesUp,
        rules.crossesUp.upperBound(prev),
        rules.crossesUp.upperBound(v),
        tick,
        v,
        at,
      );
    if (prev !== null && v < prev)
      this.fire(
        rules.crossesDown,
        rules.crossesDown.lowerBound(v),
        rules.crossesDown.lowerBound(prev),
        tick,
        v,
        at,
      );
    for (const w of rules.windows) {
      w.window.push(at, v);
      if (w.up.size > 0) this.fire(w.up, 0, w.up.upperBound(rise(w.window.min(), v)), tick, v, at);
      if (w.down.size > 0)
        this.fire(w.down, 0, w.down.upperBound(drop(w.window.max(), v)), tick, v, at);
    }
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
    for (const slot of scratch) {
      if (!this.sink.admit(slot, at)) continue;
      const trigger = slot.rule.trigger;
      if (slot.fired) rules.remove(keyOf(slot.rule), slot);
      else if (trigger.mode === 'every' && trigger.cooldownMs > 0) {
        rules.remove(keyOf(slot.rule), slot);
        this.cool({ until: at + trigger.cooldownMs, slot, rules });
      }
      this.sink.fired(slot, tick, value);
    }
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
