/**
 * A fired `once` rule stays fired across a restart: its fire is saved with the rule in the
 * settings (`AlertRule.firedAt`), which the engine reads at start as "fired", until the user
 * re-arms it. Only saved rules fired by a live feed are written: this run's `--alert` rules are
 * never saved, and a replay looks at the past, so a rule it fires is disarmed for this run only
 * and a restart arms it for the live feed again. Fires that come while a write waits join it:
 * one settings write per burst, each rule written once. A write that fails (a read-only
 * settings file, a full disk) is tried again, waiting twice as long each time up to a minute,
 * with one notice saying which rules would fire again after a restart, and one when saved.
 */
import type { AlertEvent, AlertRule } from '../../protocol/alerts';
import type { Notice, Settings, SettingsPatch } from '../../protocol/ipc';
import { keepsTriggerState } from '../alerts/rule-slot';
import type { SettingsStore } from './settings-store';

/**
 * The rule an edit saves: it keeps the fired time of the rule it replaces while the edit keeps
 * the trigger state (a note, the expiry, disabling), and drops it when the edit re-arms it
 * (what it watches or how it fires changed, or it was enabled again), whatever the page sent.
 */
export function withFiredState(edited: AlertRule, before: AlertRule | undefined): AlertRule {
  const { firedAt: _sent, ...rule } = edited;
  return before?.firedAt !== undefined && keepsTriggerState(before, rule)
    ? { ...rule, firedAt: before.firedAt }
    : rule;
}

/**
 * The rules a whole new list saves (a workspace switched to), each with the fired state the
 * engine keeps for it: a rule the list had before carries its fired time as an edit does
 * ({@link withFiredState}), so a workspace saved before a `once` rule fired does not re-arm it
 * at the next restart while the run holds it fired; a rule new to the list starts as it says.
 */
export function withFiredStates(
  next: readonly AlertRule[],
  before: readonly AlertRule[],
): AlertRule[] {
  const byId = new Map(before.map((r) => [r.id, r]));
  return next.map((r) => {
    const was = byId.get(r.id);
    return was === undefined ? r : withFiredState(r, was);
  });
}

/** The first wait before a failed write of fired rules is tried again, ms; it doubles each time. */
export const FIRED_RETRY_FIRST_MS = 1_000;
/** The longest wait between two tries, ms: a file made writable again is saved within it. */
export const FIRED_RETRY_MAX_MS = 60_000;

export class FiredRuleSaver {
  /** The fires not yet written, by rule id. */
  private pending = new Map<string, AlertEvent>();
  /** The fires the write under way carries: put back in `pending` if it fails. */
  private writing: Map<string, AlertEvent> | null = null;
  /** The next try after a failed write, and how long it waited. */
  private retry: { readonly timer: ReturnType<typeof setTimeout>; readonly waitMs: number } | null =
    null;
  /** The saved rules' ids, for the rule list they were read from (a flash crash can fire thousands). */
  private savedIds: {
    readonly of: readonly AlertRule[];
    readonly ids: ReadonlySet<string>;
  } | null = null;
  private closed = false;

  constructor(
    private readonly settings: SettingsStore,
    /** The settings now say which rules fired: hand the engine and the pages the new list. */
    private readonly saved: () => void,
    /** One notice when a write first fails, one when a later try succeeds. */
    private readonly notify: (notice: Notice) => void,
  ) {}

  /** An alert is in the log: if a saved `once` rule fired live, write it as fired. */
  fired(event: AlertEvent): void {
    const rule = event.rule;
    if (rule.trigger.mode !== 'once' || event.replayPosition !== null) return;
    if (!this.isSaved(rule.id)) return;
    this.pending.set(rule.id, event);
    // A write under way or a try waiting takes it with the others.
    if (this.writing === null && this.retry === null) this.write();
  }

  /**
   * Drops a fire not yet written: the rule was re-armed (enabled again) or deleted since, so
   * the engine holds it armed and a later write must not save it as fired.
   */
  forget(id: string): void {
    this.pending.delete(id);
    this.writing?.delete(id);
  }

  /** Stops trying again (the host is closing): what is not written by now fires after a restart. */
  close(): void {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry.timer);
  }

  private write(): void {
    this.writing = new Map();
    this.settings
      .updateWith((current) => this.patch(current))
      .then(
        () => this.written(),
        (err: unknown) => this.failed(err as Error),
      );
  }

  private written(): void {
    const count = this.writing?.size ?? 0;
    this.writing = null;
    if (this.retry !== null) {
      this.retry = null;
      const rules = count === 1 ? 'The fired alert rule is' : `The ${count} fired alert rules are`;
      this.notify({ level: 'info', message: `${rules} saved as fired now.` });
    }
    this.saved();
    if (this.pending.size > 0) this.write();
  }

  private failed(err: Error): void {
    // Put back under the fires that came since, which are newer for their rule.
    for (const [id, event] of this.writing ?? [])
      if (!this.pending.has(id)) this.pending.set(id, event);
    this.writing = null;
    if (this.closed) return;
    if (this.pending.size === 0) {
      // The rules were re-armed or deleted meanwhile: nothing is at risk now.
      this.retry = null;
      return;
    }
    if (this.retry === null) {
      const rules = [...this.pending.values()].map((e) => JSON.stringify(e.text));
      const more = rules.length > 3 ? ` and ${rules.length - 3} more` : '';
      this.notify({
        level: 'error',
        message: `Alert rule${rules.length > 1 ? 's' : ''} ${rules.slice(0, 3).join(', ')}${more} fired but could not be saved as fired (${err.message}): until saved, a restart arms ${rules.length > 1 ? 'them' : 'it'} and ${rules.length > 1 ? 'they fire' : 'it fires'} again, as does any once rule that fires before then. Trying again, at least once a minute.`,
      });
    }
    const waitMs = Math.min(
      2 * (this.retry?.waitMs ?? FIRED_RETRY_FIRST_MS / 2),
      FIRED_RETRY_MAX_MS,
    );
    const timer = setTimeout(() => {
      if (this.pending.size > 0) this.write();
      else this.retry = null;
    }, waitMs);
    this.retry = { timer, waitMs };
  }

  private isSaved(id: string): boolean {
    const alerts = this.settings.current().alerts;
    if (this.savedIds?.of !== alerts)
      this.savedIds = { of: alerts, ids: new Set(alerts.map((r) => r.id)) };
    return this.savedIds.ids.has(id);
  }

  /** Marks the waiting fires on the saved rules that are still the rules that fired. */
  private patch({ alerts }: Settings): SettingsPatch {
    const pending = this.pending;
    this.pending = new Map();
    this.writing = pending;
    return {
      alerts: alerts.map((r) => {
        const event = pending.get(r.id);
        // An edit since the fire that re-armed the rule (or replaced it) leaves it armed.
        return event !== undefined && r.firedAt === undefined && keepsTriggerState(event.rule, r)
          ? { ...r, firedAt: event.firedAt }
          : r;
      }),
    };
  }
}
