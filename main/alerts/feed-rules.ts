/**
 * The feed rules (instrument `*`): `stalled` and `gap` fire on what the feed client itself
 * observes, `disconnected-for` once an outage has lasted its duration, at most once an outage.
 * They run on local time, not the feed's event time: a feed that is down sends no events.
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

export class FeedRules {
  private slots: readonly RuleSlot[] = [];
  private state: FeedStateName = 'closed';
  private outageSince: number | null = null;
  /** `disconnected-for` rules that fired in the current outage. */
  private readonly outageFired = new Set<RuleSlot>();

  constructor(
    /** Fires `slot` at `at` if its trigger and expiry admit it. */
    private readonly fire: (slot: RuleSlot, at: number) => void,
    private readonly now: () => number,
  ) {}

  /** The enabled, unfired feed rules of a new rule list. */
  setSlots(slots: readonly RuleSlot[]): void {
    this.slots = slots;
    for (const slot of this.outageFired) if (!slots.includes(slot)) this.outageFired.delete(slot);
  }

  /** The feed client's state changed. */
  onState(state: FeedStateName): void {
    const was = this.state;
    this.state = state;
    if (state === 'stalled' && was !== 'stalled') this.fireAll('stalled');
    if (!OUTAGE_STATES.has(state)) {
      this.outageSince = null;
      this.outageFired.clear();
    } else this.outageSince ??= this.now();
  }

  /** An instrument's sequence broke. */
  onGap(): void {
    this.fireAll('gap');
  }

  /** Fires the `disconnected-for` rules whose outage has lasted long enough. */
  sweep(): void {
    if (this.outageSince === null) return;
    const now = this.now();
    const down = now - this.outageSince;
    for (const slot of this.slots) {
      const c = slot.rule.condition;
      if (c.type !== 'disconnected-for' || down < c.durationMs || this.outageFired.has(slot))
        continue;
      this.outageFired.add(slot);
      this.fire(slot, now);
    }
  }

  private fireAll(type: 'stalled' | 'gap'): void {
    for (const slot of this.slots)
      if (slot.rule.condition.type === type) this.fire(slot, this.now());
  }
}
