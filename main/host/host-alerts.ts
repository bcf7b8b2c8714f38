/**
 * The host's side of alerts: the rules the engine evaluates (saved ones from the settings,
 * then this run's `--alert` ones), the commands that edit them, the log every fired alert
 * goes to before the page hears of it, and the changes of rule state the pages are told of
 * (`AlertStatesChange`), so that no page needs the whole view but on a list change.
 */
import type {
  AlertEvent,
  AlertRule,
  AlertRuleState,
  AlertStatesChange,
} from '../../protocol/alerts';
import { stateAfterFire } from '../../protocol/alerts';
import type { AlertsView } from '../../protocol/commands';
import { MAX_ALERT_RULES } from '../../protocol/limits';
import type { AlertLog } from '../alerts/alert-log';
import { alertLogCsv } from '../alerts/alert-log';
import type { FeedEngine } from '../feed/engine';
import type { SettingsStore } from './settings-store';

/**
 * How often the rule states are compared for changes no alert announced (pending to armed when
 * the feed gets the instrument, expired), ms: the pages used to fetch the whole view this often.
 */
export const ALERT_STATES_POLL_MS = 5_000;

export class HostAlerts {
  /** Each rule's state as the pages were last told (by a view or a change). */
  private told: Readonly<Record<string, AlertRuleState>> = {};
  private readonly poll: ReturnType<typeof setInterval>;

  constructor(
    private readonly engine: FeedEngine,
    private readonly settings: SettingsStore,
    private readonly log: AlertLog,
    /** This run's `--alert` rules: evaluated, shown, never saved. */
    private readonly runRules: readonly AlertRule[],
    /** Hears each alert once it is in the log (on disk when the log has a file). */
    deliver: (event: AlertEvent) => void,
    /** Hears what changed for the pages: states, or the list (then they fetch the view). */
    private readonly changed: (change: AlertStatesChange) => void,
    onError: (message: string) => void,
  ) {
    const fired = (event: AlertEvent) => {
      deliver(event);
      this.tell({ [event.rule.id]: stateAfterFire(event.rule) });
    };
    engine.onAlert((event) => {
      this.log.append(event).then(
        () => fired(event),
        (err: unknown) => {
          onError(`An alert could not be saved to the alert log: ${(err as Error).message}`);
          fired(event);
        },
      );
    });
    this.engine.setAlertRules(this.rules());
    this.poll = setInterval(() => this.tell(this.engine.alertStates()), ALERT_STATES_POLL_MS);
    this.poll.unref?.();
  }

  /** Hands the engine the current rules (after any change to the saved ones); pages refetch. */
  apply(): void {
    this.engine.setAlertRules(this.rules());
    // The engine takes its calls in order, so these are the new rules' states.
    this.told = this.engine.alertStates();
    this.changed({ states: {}, listChanged: true });
  }

  /** Stops comparing states (the host is closing). */
  close(): void {
    clearInterval(this.poll);
  }

  view(): AlertsView {
    return {
      rules: this.rules(),
      states: this.engine.alertStates(),
      log: this.log.entries(),
    };
  }

  async save(rule: AlertRule): Promise<AlertsView> {
    const saved = this.settings.current().alerts;
    const at = saved.findIndex((r) => r.id === rule.id);
    if (at < 0 && saved.length >= MAX_ALERT_RULES)
      throw new Error(`at most ${MAX_ALERT_RULES} alert rules; delete one first`);
    const alerts = at < 0 ? [...saved, rule] : saved.map((r, i) => (i === at ? rule : r));
    await this.settings.update({ alerts });
    this.apply();
    return this.view();
  }

  async delete(id: string): Promise<AlertsView> {
    const saved = this.settings.current().alerts;
    if (!saved.some((r) => r.id === id)) throw new Error(`no saved alert rule "${id}"`);
    await this.settings.update({ alerts: saved.filter((r) => r.id !== id) });
    this.apply();
    return this.view();
  }

  async clearLog(): Promise<AlertsView> {
    await this.log.clear();
    this.changed({ states: {}, listChanged: true });
    return this.view();
  }

  csv(): string {
    return alertLogCsv(this.log.entries());
  }

  private rules(): AlertRule[] {
    return [...this.settings.current().alerts, ...this.runRules];
  }

  /** Tells the pages the states in `now` that differ from what they were told. */
  private tell(now: Readonly<Record<string, AlertRuleState>>): void {
    const states: Record<string, AlertRuleState> = {};
    let any = false;
    for (const id in now)
      if (this.told[id] !== now[id]) {
        states[id] = now[id]!;
        any = true;
      }
    if (!any) return;
    this.told = { ...this.told, ...states };
    this.changed({ states, listChanged: false });
  }
}
