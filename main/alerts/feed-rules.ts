/**
 * The feed rules (instrument `*`): `stalled` and `gap` fire on what the feed client itself
 * observes, `disconnected-for` once an outage has lasted its duration, at most once an outage;
 * with several sources, for each source that stalls or stays down. They run on local time, not
 * the feed's event time: a feed that is down sends no events.
 */
import type { ConnectionState } from '../../protocol/health';
import type { RuleSlot } from './rule-slot';

type FeedStateName = ConnectionState['state'];

/** Feed states that count as an outage for `disconnected-for` (a user's own disconnect does not). */
const OUTAGE_STATES: ReadonlySet<FeedStateName> = new Set([
  'connecting',
  'stalled',
  'reconnecting',
  'failed',
]);

/** One source's part in the feed rules: its state, and its outage while it lasts. */
interface SourceOutage {
  state: FeedStateName;
  /** Since when its outage lasts (local time). */
  readonly since: number;
  /** `disconnected-for` rules that fired in its current outage. */
  readonly fired: Set<RuleSlot>;
}

/**
 * Each source is watched on its own: with several, one that comes back must not end the
 * outage of another that is still down (whose `disconnected-for` then never fired).
 */
export class FeedRules {
  private slots: readonly RuleSlot[] = [];
  /** The sources in a stall or an outage; one that is not is not kept. */
  private readonly sources = new Map<string, SourceOutage>();

  constructor(
    /** Fires `slot` at `at` if its trigger and expiry admit it. */
    private readonly fire: (slot: RuleSlot, at: number) => void,
    private readonly now: () => number,
  ) {}

  /** The enabled, unfired feed rules of a new rule list. */
  setSlots(slots: readonly RuleSlot[]): void {
    this.slots = slots;
    for (const source of this.sources.values())
      for (const slot of source.fired) if (!slots.includes(slot)) source.fired.delete(slot);
  }

  /** The feed client's state changed, that of the source named `source`. */
  onState(state: FeedStateName, source: string): void {
    const was = this.sources.get(source);
    if (state === 'stalled' && was?.state !== 'stalled') this.fireAll('stalled');
    if (!OUTAGE_STATES.has(state)) this.sources.delete(source);
    else if (was === undefined)
      this.sources.set(source, { state, since: this.now(), fired: new Set() });
    else was.state = state;
  }

  /** An instrument's sequence broke. */
  onGap(): void {
    this.fireAll('gap');
  }

  /** Fires the `disconnected-for` rules whose outage, of any source, has lasted long enough. */
  sweep(): void {
    if (this.sources.size === 0) return;
    const now = this.now();
    for (const source of this.sources.values()) {
      const down = now - source.since;
      for (const slot of this.slots) {
        const c = slot.rule.condition;
        if (c.type !== 'disconnected-for' || down < c.durationMs || source.fired.has(slot))
          continue;
        source.fired.add(slot);
        this.fire(slot, now);
      }
    }
  }

  private fireAll(type: 'stalled' | 'gap'): void {
    for (const slot of this.slots)
      if (slot.rule.condition.type === type) this.fire(slot, this.now());
  }
}
