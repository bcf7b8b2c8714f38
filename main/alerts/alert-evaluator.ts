/**
 * Evaluates the alert rules on every tick the engine folds (not on the conflated batches the
 * page sees, so a spike between two batches still fires) and on the feed's own state. Rules
 * are grouped per instrument (`InstrumentAlerts`), so a tick costs nothing for rules on other
 * instruments, and each instrument's hot numbers sit in a row of one table (`AlertRows`), so a
 * tick that fires nothing reads that row and its windows. Electron-free; the engine feeds it,
 * the host listens.
 */
import type { AlertEvent, AlertRule, AlertRuleState } from '../../protocol/alerts';
import { formatAlertRule } from '../../protocol/alert-line';
import type { SnapshotState, Tick } from '../../protocol/feed';
import { withoutFloatNoise } from '../../shared/price-decimals';
import type { AlertIndexSlot } from './alert-index-slot';
import { AlertRows } from './alert-rows';
import { FeedRules } from './feed-rules';
import type { FireSink } from './rule-firer';
import { InstrumentIndexes } from './instrument-indexes';
import type { RuleSlot } from './rule-slot';
import { admitFire, keepsTriggerState } from './rule-slot';
import type { KnownInstruments } from './rule-states';
import { RuleStates } from './rule-states';

/** Rule-list versions, unique across evaluators, so a slot kept by one is never taken by another. */
let nextVersion = 1;

export class AlertEvaluator implements FireSink {
  /** The rule list's version: an index kept in an instrument's slot under another is stale. */
  private version = nextVersion++;
  private slots = new Map<string, RuleSlot>();
  private readonly rows = new AlertRows();
  private readonly instruments = new InstrumentIndexes(this, this.rows);
  /** The feed rules (instrument `*`): the engine tells them the feed client's states and gaps. */
  readonly feed: FeedRules;
  private readonly states: RuleStates;
  private readonly listeners = new Set<(event: AlertEvent) => void>();
  private epoch: number | null = null;
  private replay = false;
  private nextEventId = 1;

  constructor(private readonly now: () => number = Date.now) {
    this.feed = new FeedRules((slot, at) => {
      if (this.admit(slot, at)) this.emit(slot, null);
    }, now);
    this.states = new RuleStates(now);
  }

  onAlert(listener: (event: AlertEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Adopts a new rule list. A rule that comes back unchanged, or with only its note or expiry
   * edited, keeps its trigger state (a fired `once` rule stays fired, a cooldown runs on); one
   * whose instrument, condition or trigger changed, or that was enabled again, is armed afresh
   * (`keepsTriggerState`); a rule new here that carries `firedAt` starts fired. An instrument whose indexed rules all kept their slots keeps its
   * windows and last prices, so editing one rule disturbs no other.
   */
  setRules(rules: readonly AlertRule[]): void {
    const old = this.slots;
    this.slots = new Map();
    const byInstrument = new Map<string, RuleSlot[]>();
    const feedSlots: RuleSlot[] = [];
    for (const rule of rules) {
      const before = old.get(rule.id);
      const keep = before !== undefined && keepsTriggerState(before.rule, rule);
      // A rule first seen here (a restart) that was saved as fired starts fired; one an edit
      // re-arms starts armed whatever it carries.
      const fired = before === undefined && rule.firedAt !== undefined;
      const slot: RuleSlot = keep ? before : { rule, fired, lastFiredAt: null };
      slot.rule = rule;
      this.slots.set(rule.id, slot);
      if (!rule.enabled || slot.fired) continue;
      if (rule.instrument === '*') feedSlots.push(slot);
      else {
        const list = byInstrument.get(rule.instrument) ?? [];
        list.push(slot);
        byInstrument.set(rule.instrument, list);
      }
    }
    this.instruments.set(byInstrument);
    this.version = nextVersion++;
    this.feed.setSlots(feedSlots);
    this.states.rulesChanged();
  }

  /**
   * One folded tick. `epoch` is the feed state's: when it changes (a new source, a replay
   * seek) prices, windows and cooldowns start over, since the new series does not follow on
   * from the old one. `slot`, the instrument's fold state, keeps the index found for it, so
   * the next tick of the instrument needs no lookup (AlertIndexSlot).
   */
  onTick(tick: Tick, replay: boolean, epoch: number, slot: AlertIndexSlot | null = null): void {
    const row = this.rowOf(tick, slot);
    if (row >= 0) this.evaluate(row, tick, replay, epoch);
  }

  /**
   * {@link onTick} with the epoch read from `feed` only for a tick whose instrument has rules:
   * the engine's merged state sums its sources' epochs on each read, which every folded tick
   * paid, rules or none (docs/PERFORMANCE.md, "Alerts at scale", 5 Dec seventh session).
   */
  onTickIn(
    tick: Tick,
    replay: boolean,
    feed: { readonly historyEpoch: number },
    slot: AlertIndexSlot | null,
  ): void {
    const row = this.rowOf(tick, slot);
    if (row >= 0) this.evaluate(row, tick, replay, feed.historyEpoch);
  }

  /**
   * A snapshot replaced `instrument`'s state (joining a feed, a resync, a seek): a match's
   * rules start from its score and phase, so the first goal seen after it fires, and a
   * second half joined at half-time is no kick-off; a market's crossing rules on the last
   * trade start from its last price.
   */
  onSnapshotIn(
    instrument: string,
    state: SnapshotState,
    feed: { readonly historyEpoch: number },
  ): void {
    const index = this.instruments.get(instrument);
    if (index === undefined) return;
    if (feed.historyEpoch !== this.epoch) this.newSeries(feed.historyEpoch);
    if (state.kind === 'sports') index.seedMatch(state.home, state.away, state.status);
    // A market that has not traded carries a `last` that no trade made.
    else if (state.trades > 0) index.seedLast(state.last);
  }

  /** The row of the tick's instrument, -1 when it has no rules; kept in `slot` for its next tick. */
  private rowOf(tick: Tick, slot: AlertIndexSlot | null): number {
    if (
      slot !== null &&
      slot.alertIndexVersion === this.version &&
      slot.alertIndexId === tick.instrument
    )
      return slot.alertIndex as number;
    const row = this.instruments.get(tick.instrument)?.row ?? -1;
    if (slot !== null) {
      slot.alertIndex = row;
      slot.alertIndexId = tick.instrument;
      slot.alertIndexVersion = this.version;
    }
    return row;
  }

  private evaluate(row: number, tick: Tick, replay: boolean, epoch: number): void {
    if (epoch !== this.epoch) this.newSeries(epoch);
    this.replay = replay;
    this.rows.onTick(row, tick);
  }

  /** Each rule's state now; {@link changedStates} then reports against this read. */
  allStates(known: KnownInstruments): Record<string, AlertRuleState> {
    return this.states.all(this.slots, known);
  }

  /**
   * The rules whose state changed since the last read (null: none), with no work unless the
   * rule list changed, an expiry passed or an instrument became known or unknown (RuleStates).
   */
  changedStates(known: KnownInstruments): Record<string, AlertRuleState> | null {
    return this.states.changed(this.slots, known);
  }

  admit(slot: RuleSlot, at: number): boolean {
    const expiresAt = slot.rule.expiresAt;
    if (expiresAt !== null && this.now() >= expiresAt) return false;
    return admitFire(slot, at);
  }

  fired(slot: RuleSlot, tick: Tick, value: number | null): void {
    // A mid or a volume sum is worked out here, with binary floating point's noise in its last
    // digits (10.149999999999999), which the toast, the log and the CSV would show.
    const shown = value === null ? null : withoutFloatNoise(value);
    this.emit(slot, { instrument: tick.instrument, seq: tick.seq, ts: tick.ts, value: shown });
  }

  private emit(slot: RuleSlot, tick: AlertEvent['tick']): void {
    const event: AlertEvent = {
      id: this.nextEventId++,
      rule: slot.rule,
      text: formatAlertRule(slot.rule),
      tick,
      firedAt: this.now(),
      replayPosition: tick !== null && this.replay ? tick.ts : null,
    };
    for (const listener of this.listeners) listener(event);
  }

  private newSeries(epoch: number): void {
    this.epoch = epoch;
    this.instruments.resetSeries();
    // Cooldowns run on event time, which a seek or a new source can set back.
    for (const slot of this.slots.values())
      if (slot.rule.instrument !== '*') slot.lastFiredAt = null;
  }
}
