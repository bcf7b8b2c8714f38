/**
 * A fired `once` rule stays fired across a restart: its fire is saved with the rule in the
 * settings (`AlertRule.firedAt`), which the engine reads at start as "fired", until the user
 * re-arms it. Only saved rules fired by a live feed are written: this run's `--alert` rules are
 * never saved, and a replay looks at the past, so a rule it fires is disarmed for this run only
 * and a restart arms it for the live feed again. Fires that come while a write waits join it:
 * one settings write per burst, each rule written once.
 */
import type { AlertEvent, AlertRule } from '../../protocol/alerts';
import type { Settings, SettingsPatch } from '../../protocol/ipc';
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

export class FiredRuleSaver {
  /** The fires not yet written, by rule id. */
  private pending = new Map<string, AlertEvent>();
  /** The saved rules' ids, for the rule list they were read from (a flash crash can fire thousands). */
  private savedIds: {
    readonly of: readonly AlertRule[];
    readonly ids: ReadonlySet<string>;
  } | null = null;

  constructor(
    private readonly settings: SettingsStore,
    /** The settings now say which rules fired: hand the engine and the pages the new list. */
    private readonly saved: () => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** An alert is in the log: if a saved `once` rule fired live, write it as fired. */
  fired(event: AlertEvent): void {
    const rule = event.rule;
    if (rule.trigger.mode !== 'once' || event.replayPosition !== null) return;
    if (!this.isSaved(rule.id)) return;
    const first = this.pending.size === 0;
    this.pending.set(rule.id, event);
    if (!first) return;
    this.settings
      .updateWith((current) => this.patch(current))
      .then(
        () => this.saved(),
        (err: unknown) =>
          this.onError(
            `A fired alert rule could not be saved as fired; it will fire again after a restart: ${(err as Error).message}`,
          ),
      );
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
