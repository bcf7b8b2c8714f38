/**
 * Fires the rules a tick found in one instrument's index, and keeps what firing does to that
 * index: a `once` rule that fired leaves it for good; an `every` rule with a cooldown leaves it
 * until the cooldown ends (event time), so one whose condition holds tick after tick is not
 * visited, and refused, on every tick.
 */
import type { Tick } from '../../protocol/feed';
import type { RuleSlot } from './rule-slot';
import { keyOf } from './rule-key';
import type { SortedRules } from './sorted-rules';

/** Decides whether a slot fires (trigger, expiry) and hears of every firing. */
export interface FireSink {
  admit(slot: RuleSlot, at: number): boolean;
  fired(slot: RuleSlot, tick: Tick, value: number | null): void;
}

/** What the index keeps about its rules that firing or re-arming changes. */
export interface IndexCaches {
  /** Rules left or joined a sorted list: copy its lowest threshold where a tick reads it. */
  syncThresholds(): void;
  /** A level rule came back: it may lie inside a quiet band. */
  unsettleBands(): void;
  /**
   * The first cooling rule's `until` changed (Infinity: none cools). Kept on the index, which a
   * tick reads anyway, rather than here: checking it then costs no extra cache line a tick.
   */
  setRearmAt(until: number): void;
}

/** An `every` rule taken out of its index until its cooldown ends (event time). */
interface Cooling {
  readonly until: number;
  readonly slot: RuleSlot;
  readonly rules: SortedRules;
}

export class RuleFirer {
  private readonly scratch: RuleSlot[] = [];
  /** `every` rules cooling down, by `until` ascending; out of their index meanwhile. */
  private cooling: Cooling[] = [];

  constructor(
    private readonly sink: FireSink,
    private readonly caches: IndexCaches,
  ) {}

  /** Fires the slots at [from, to) of `rules` that their trigger admits. */
  fire(rules: SortedRules, from: number, to: number, tick: Tick, value: number, at: number): void {
    if (from >= to) return;
    // A copy: firing takes slots out of `rules` while we walk them.
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
    if (removed) this.caches.syncThresholds();
  }

  /** Fires one slot kept outside any sorted list (match events), if its trigger admits it. */
  fireUnindexed(slot: RuleSlot, tick: Tick, value: number | null, at: number): void {
    if (this.sink.admit(slot, at)) this.sink.fired(slot, tick, value);
  }

  /** Puts back in their index the cooling rules whose cooldown ends by `at` (all: Infinity). */
  rearm(at: number): void {
    let n = 0;
    for (const c of this.cooling) {
      if (c.until > at) break;
      c.rules.insert(keyOf(c.slot.rule), c.slot);
      n++;
    }
    this.cooling = n === this.cooling.length ? [] : this.cooling.slice(n);
    this.caches.setRearmAt(this.cooling[0]?.until ?? Infinity);
    this.caches.unsettleBands();
    if (n > 0) this.caches.syncThresholds();
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
    this.caches.setRearmAt((list[0] as Cooling).until);
  }
}
